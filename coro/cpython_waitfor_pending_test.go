//go:build corio_pending

package coro_test

// Ports of test_waitfor.py that fail today, or need API that is planned
// (Never, for timeout=None).

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_blocking
//
// corio today: there is no Never (timeout=None; planned).
func TestCPythonAsyncioWaitForTestWaitForBlocking(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		v, err := coro.WaitFor(yield, coro.Never, coro.Func[string](func(Y) (string, error) { return "done", nil }))
		if v != "done" || err != nil {
			t.Errorf("WaitFor(Never) = %q, %v; want done", v, err)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_reraises_exception_during_cancellation
//
// corio today: WaitFor returns ErrTimeout and the task's FooException is lost:
// Task.Await, cancelled by the deadline, returns the scope's cancellation
// once the task has ended rather than the task's own error, and Timeout turns
// that into ErrTimeout. asyncio's wait_for raises the FooException.
func TestCPythonAsyncioWaitForTestWaitForReraisesExceptionDuringCancellation(t *testing.T) {
	fooException := errors.New("FooException")
	taskgroupsRun(t, func(yield Y) error {
		// inner(): try: await sleep(0.2) finally: raise FooException
		inner := coro.Spawn(yield, taskgroupsFailInCleanup(200*time.Millisecond, fooException))
		_, err := coro.WaitFor(yield, waitforEpsilon, inner)
		if !errors.Is(err, fooException) {
			t.Errorf("WaitFor: %v, want the FooException the task raised while it was cancelled", err)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_cancel_blocking_wait_for
//
// corio today: there is no Never (timeout=None; planned).
func TestCPythonAsyncioWaitForTestCancelBlockingWaitFor(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { // blocking_coroutine
			return coro.NewFuture[int](coro.Running(yield)).Await(yield) // never set
		}))
		wait := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.WaitFor(yield, coro.Never, task)
		}))
		if _, err := loop.Current(yield).CallSoon(func() { wait.Cancel(nil) }); err != nil {
			return err
		}
		if _, err := wait.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("wait: %v, want its cancellation", err)
		}
		// Python issue #23219: cancelling the wait cancels the task.
		if !task.Cancelled() {
			t.Error("the task WaitFor awaited is not cancelled")
		}
		return nil
	})
}

// test_waitfor.py::WaitForShieldTests::test_none_timeout
//
// corio today: there is no Never (timeout=None; planned).
func TestCPythonWaitForShieldTestsNoneTimeout(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var tr trace
		task := coro.Spawn(yield, after(&tr, "coro", 100*time.Millisecond, "done"))
		_, err := coro.WaitFor(yield, coro.Never, coro.Func[string](func(yield Y) (string, error) {
			return coro.Shield(yield, task.Await)
		}))
		if err != nil || !task.Done() {
			t.Errorf("WaitFor(Never, shielded task): %v, task done %v; want it run to completion", err, task.Done())
		}
		if v, err := task.Await(yield); v != "done" || err != nil {
			t.Errorf("task: %q, %v; want done", v, err)
		}
		return nil
	})
}
