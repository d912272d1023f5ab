package coro_test

// Ports of CPython's Lib/test/test_asyncio/test_waitfor.py (3.11, and the
// tests added up to 3.14). asyncio.wait_for is coro.WaitFor: a Timeout around
// the await of one awaitable (a coroutine runs inline, a task or future is
// cancelled at the deadline and waited for).

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// waitforEpsilon is CPython's _EPSILON: a very small timeout.
const waitforEpsilon = 100 * time.Microsecond

// waitforSlowTask is CPython's SlowTask: it runs for waitforTaskTimeout,
// ignoring cancel requests.
type waitforSlowTask struct{ exited bool }

const waitforTaskTimeout = 200 * time.Millisecond

func (s *waitforSlowTask) run(yield Y) (struct{}, error) {
	exitAt := coro.Now(yield) + waitforTaskTimeout
	for {
		toSleep := exitAt - coro.Now(yield)
		if toSleep <= 0 {
			break
		}
		// Differs on purpose: level-triggered cancellation: ignoring it takes a Shield.
		// (A bare sleep would fail at once, again and again, while the
		// virtual clock stands still.)
		timeoutsShieldedSleep(yield, toSleep)
	}
	s.exited = true
	return struct{}{}, nil
}

// test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_cancelled
func TestCPythonAsyncioWaitForTestAsyncioWaitForCancelled(t *testing.T) {
	mustRun(t, func(yield Y) error {
		s := &waitforSlowTask{}
		waitForTask := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return coro.WaitFor(yield, 2*waitforTaskTimeout, coro.Func[struct{}](s.run))
		}))
		coro.Sleep(0).Await(yield)
		waitForTask.Cancel(nil)
		if _, _, err := coro.Wait(yield, coro.AllCompleted, waitForTask); err != nil {
			return err
		}
		if !s.exited {
			t.Error("WaitFor ended before the coroutine it runs")
		}
		if now := coro.Now(yield); now != waitforTaskTimeout {
			t.Errorf("the wait ended at %v, want %v", now, waitforTaskTimeout)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_asyncio_wait_for_timeout
func TestCPythonAsyncioWaitForTestAsyncioWaitForTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		s := &waitforSlowTask{}
		_, err := coro.WaitFor(yield, waitforTaskTimeout/2, coro.Func[struct{}](s.run))
		// The body swallowed the cancellation: WaitFor returns what it
		// returned, as asyncio's wait_for does since 3.12.
		if err != nil {
			t.Errorf("WaitFor: %v, want nil", err)
		}
		if !s.exited {
			t.Error("WaitFor ended before the coroutine it runs")
		}
		if now := coro.Now(yield); now != waitforTaskTimeout {
			t.Errorf("WaitFor returned at %v, want %v", now, waitforTaskTimeout)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_future_done
func TestCPythonAsyncioWaitForTestWaitForTimeoutLessThen0Or0FutureDone(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fut := coro.NewFuture[string](yield)
		fut.SetResult("done")
		v, err := coro.WaitFor(yield, 0, fut)
		if v != "done" || err != nil || !fut.Done() {
			t.Errorf("WaitFor(0, done future) = %q, %v; want done", v, err)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
func TestCPythonAsyncioWaitForTestWaitForTimeoutLessThen0Or0CoroutineDoNotStarted(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fooStarted := false
		foo := coro.Func[string](func(Y) (string, error) {
			fooStarted = true
			return "foo", nil
		})
		v, err := coro.WaitFor(yield, 0, foo)
		if v != "" || !errors.Is(err, coro.ErrTimeout) || fooStarted {
			t.Errorf("WaitFor(0, foo) = %q, %v, started %v; want a timeout, foo never started", v, err, fooStarted)
		}
		// A coroutine that does wait is cancelled at its first await.
		awaited := false
		_, err = coro.WaitFor(yield, 0, coro.Func[string](func(yield Y) (string, error) {
			_, err := coro.Sleep(time.Second).Await(yield)
			awaited = err == nil
			return "", err
		}))
		if !errors.Is(err, coro.ErrTimeout) || awaited {
			t.Errorf("WaitFor(0, a coroutine that awaits): %v, its await succeeded %v; want ErrTimeout", err, awaited)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0
func TestCPythonAsyncioWaitForTestWaitForTimeoutLessThen0Or0(t *testing.T) {
	mustRun(t, func(yield Y) error {
		for _, timeout := range []time.Duration{0, -time.Second} {
			var fooRunning bool
			started := coro.NewFuture[struct{}](yield)
			fut := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
				fooRunning = true
				started.SetResult(struct{}{})
				_, err := coro.Sleep(10 * time.Second).Await(yield)
				fooRunning = false
				return "done", err
			}))
			if _, err := started.Await(yield); err != nil {
				return err
			}
			_, err := coro.WaitFor(yield, timeout, fut)
			if timeout < 0 {
				// Differs on purpose: bad input is an error: a negative timeout is refused, nothing is cancelled.
				// (asyncio treats it as a deadline already passed.)
				if !errors.Is(err, coro.ErrNegativeDuration) || fut.Done() || !fooRunning {
					t.Errorf("WaitFor(%v): %v, task done %v; want ErrNegativeDuration, the task untouched", timeout, err, fut.Done())
				}
				fut.Cancel(nil)
				fut.Await(yield)
				continue
			}
			if !errors.Is(err, coro.ErrTimeout) {
				t.Errorf("WaitFor(%v): %v, want ErrTimeout", timeout, err)
			}
			if !fut.Done() || !fut.Cancelled() || fooRunning {
				t.Errorf("WaitFor(%v): task done %v, cancelled %v, running %v; want it cancelled and ended", timeout, fut.Done(), fut.Cancelled(), fooRunning)
			}
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for
func TestCPythonAsyncioWaitForTestWaitFor(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var fooRunning bool
		fut := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
			fooRunning = true
			_, err := coro.Sleep(time.Hour).Await(yield)
			fooRunning = false
			return "done", err
		}))
		_, err := coro.WaitFor(yield, 100*time.Millisecond, fut)
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor: %v, want ErrTimeout", err)
		}
		if !fut.Done() || !fut.Cancelled() || fooRunning {
			t.Errorf("task done %v, cancelled %v, running %v; want it cancelled and ended", fut.Done(), fut.Cancelled(), fooRunning)
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("WaitFor returned at %v, want 100ms", now)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_race_condition
func TestCPythonAsyncioWaitForTestWaitForRaceCondition(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fut := coro.NewFuture[string](yield)
		if _, err := loop.Current(yield).CallLater(100*time.Millisecond, func() { fut.SetResult("ok") }); err != nil {
			return err
		}
		v, err := coro.WaitFor(yield, 200*time.Millisecond, fut)
		if v != "ok" || err != nil {
			t.Errorf("WaitFor = %q, %v; want ok", v, err)
		}
		if now := coro.Now(yield); now != 100*time.Millisecond {
			t.Errorf("WaitFor returned at %v, want 100ms", now)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancellation_race_condition
func TestCPythonAsyncioWaitForTestWaitForCancellationRaceCondition(t *testing.T) {
	mustRun(t, func(yield Y) error {
		v, err := coro.WaitFor(yield, 10*time.Millisecond, coro.Func[int](func(yield Y) (int, error) {
			if _, err := coro.Sleep(time.Second).Await(yield); !errors.Is(err, coro.ErrCancelled) {
				t.Errorf("inner sleep: %v, want a cancellation", err)
			}
			return 1, nil
		}))
		if v != 1 || err != nil {
			t.Errorf("WaitFor = %d, %v; want 1, nil", v, err)
		}
		return nil
	})
}

// waitforSlowCleanup returns a task body that sleeps 10s; cancelled, it cleans
// up for waitforEpsilon before it ends, and sets *done at the end.
func waitforSlowCleanup(done *bool) coro.Func[struct{}] {
	return func(yield Y) (struct{}, error) {
		defer func() { *done = true }()
		_, err := coro.Sleep(10 * time.Second).Await(yield)
		if errors.Is(err, coro.ErrCancelled) {
			// Differs on purpose: level-triggered cancellation: the cleanup sleep needs a Shield.
			timeoutsShieldedSleep(yield, waitforEpsilon)
		}
		return struct{}{}, err
	}
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation
func TestCPythonAsyncioWaitForTestWaitForWaitsForTaskCancellation(t *testing.T) {
	mustRun(t, func(yield Y) error {
		taskDone := false
		inner := coro.Spawn(yield, waitforSlowCleanup(&taskDone))
		_, err := coro.WaitFor(yield, waitforEpsilon, inner)
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor: %v, want ErrTimeout", err)
		}
		if !taskDone || !inner.Cancelled() {
			t.Errorf("task done %v, cancelled %v: WaitFor must wait for the end of the task's cleanup", taskDone, inner.Cancelled())
		}
		if now := coro.Now(yield); now != 2*waitforEpsilon {
			t.Errorf("WaitFor returned at %v, want %v", now, 2*waitforEpsilon)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0
func TestCPythonAsyncioWaitForTestWaitForWaitsForTaskCancellationWTimeout0(t *testing.T) {
	mustRun(t, func(yield Y) error {
		taskDone := false
		inner := coro.Spawn(yield, waitforSlowCleanup(&taskDone))
		if _, err := coro.Sleep(waitforEpsilon).Await(yield); err != nil {
			return err
		}
		_, err := coro.WaitFor(yield, 0, inner)
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor: %v, want ErrTimeout", err)
		}
		if !taskDone || !inner.Cancelled() {
			t.Errorf("task done %v, cancelled %v: WaitFor must wait for the end of the task's cleanup", taskDone, inner.Cancelled())
		}
		if now := coro.Now(yield); now != 2*waitforEpsilon {
			t.Errorf("WaitFor returned at %v, want %v", now, 2*waitforEpsilon)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_cancel_wait_for
func TestCPythonAsyncioWaitForTestCancelWaitFor(t *testing.T) {
	mustRun(t, func(yield Y) error {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { // blocking_coroutine
			return coro.NewFuture[int](yield).Await(yield) // never set
		}))
		wait := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.WaitFor(yield, time.Minute, task)
		}))
		if _, err := loop.Current(yield).CallSoon(func() { wait.Cancel(nil) }); err != nil {
			return err
		}
		if _, err := wait.Await(yield); !errors.Is(err, coro.ErrCancelled) || errors.Is(err, coro.ErrTimeout) {
			t.Errorf("wait: %v, want its cancellation", err)
		}
		// Python issue #23219: cancelling the wait cancels the task.
		if !task.Cancelled() {
			t.Error("the task WaitFor awaited is not cancelled")
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed
func TestCPythonAsyncioWaitForTestWaitForCancelSuppressed(t *testing.T) {
	mustRun(t, func(yield Y) error {
		v, err := coro.WaitFor(yield, 100*time.Millisecond, coro.Func[int](func(yield Y) (int, error) { // return_42
			if _, err := coro.Sleep(10 * time.Second).Await(yield); errors.Is(err, coro.ErrCancelled) {
				return 42, nil
			}
			return 0, nil
		}))
		if v != 42 || err != nil {
			t.Errorf("WaitFor = %d, %v; want 42, nil", v, err)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_issue86296
func TestCPythonAsyncioWaitForTestWaitForIssue86296(t *testing.T) {
	mustRun(t, func(yield Y) error {
		inner := coro.Spawn(yield, coro.Func[string](func(Y) (string, error) { return "done", nil }))
		reachedEnd := false
		task := syncTask(yield, func(yield Y) error {
			if _, err := coro.WaitFor(yield, 100*time.Second, inner); err != nil {
				return err
			}
			if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
				return err
			}
			reachedEnd = true
			return nil
		})
		if task.Done() {
			return errors.New("task done before it ran")
		}
		coro.Sleep(0).Await(yield) // run the task
		task.Cancel(nil)
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task: %v, want its cancellation", err)
		}
		if v, err := inner.Await(yield); v != "done" || err != nil {
			t.Errorf("inner: %q, %v; want done", v, err)
		}
		if reachedEnd {
			t.Error("the cancelled task ran to its end")
		}
		return nil
	})
}

// test_waitfor.py::WaitForShieldTests::test_zero_timeout
func TestCPythonWaitForShieldTestsZeroTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		task := coro.Spawn(yield, after(&tr, "coro", 10*time.Millisecond, "done"))
		v, err := coro.WaitFor(yield, 0, coro.Func[string](func(yield Y) (string, error) {
			return coro.Shield(yield, task)
		}))
		// WaitFor(0) runs no step of the shielding coroutine: it times out at
		// once, and the task goes on, as asyncio's shielded task does.
		if v != "" || !errors.Is(err, coro.ErrTimeout) || coro.Now(yield) != 0 {
			t.Errorf("WaitFor(0, shielded task) = %q, %v at %v; want a timeout at 0s", v, err, coro.Now(yield))
		}
		if v, err := task.Await(yield); v != "done" || err != nil || task.Cancelled() {
			t.Errorf("task: %q, %v, cancelled %v; want done", v, err, task.Cancelled())
		}
		return nil
	})
}

// test_waitfor.py::WaitForShieldTests::test_shielded_timeout
func TestCPythonWaitForShieldTestsShieldedTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		task := coro.Spawn(yield, after(&tr, "coro", 100*time.Millisecond, "done"))
		v, err := coro.WaitFor(yield, 10*time.Millisecond, coro.Func[string](func(yield Y) (string, error) {
			return coro.Shield(yield, task)
		}))
		// Differs on purpose: Shield is trio's (see test_zero_timeout): the shielded await runs past 10ms.
		if v != "done" || err != nil || coro.Now(yield) != 100*time.Millisecond {
			t.Errorf("WaitFor(10ms, shielded task) = %q, %v at %v; want done at 100ms", v, err, coro.Now(yield))
		}
		// shield prevents the task from being cancelled.
		if v, err := task.Await(yield); v != "done" || err != nil || task.Cancelled() {
			t.Errorf("task: %q, %v, cancelled %v; want done", v, err, task.Cancelled())
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_blocking
func TestCPythonAsyncioWaitForTestWaitForBlocking(t *testing.T) {
	mustRun(t, func(yield Y) error {
		v, err := coro.WaitFor(yield, coro.Never, coro.Func[string](func(Y) (string, error) { return "done", nil }))
		if v != "done" || err != nil {
			t.Errorf("WaitFor(Never) = %q, %v; want done", v, err)
		}
		return nil
	})
}

// test_waitfor.py::AsyncioWaitForTest::test_wait_for_reraises_exception_during_cancellation
func TestCPythonAsyncioWaitForTestWaitForReraisesExceptionDuringCancellation(t *testing.T) {
	fooException := errors.New("FooException")
	mustRun(t, func(yield Y) error {
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
func TestCPythonAsyncioWaitForTestCancelBlockingWaitFor(t *testing.T) {
	mustRun(t, func(yield Y) error {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { // blocking_coroutine
			return coro.NewFuture[int](yield).Await(yield) // never set
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
func TestCPythonWaitForShieldTestsNoneTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var tr trace
		task := coro.Spawn(yield, after(&tr, "coro", 100*time.Millisecond, "done"))
		_, err := coro.WaitFor(yield, coro.Never, coro.Func[string](func(yield Y) (string, error) {
			return coro.Shield(yield, task)
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
