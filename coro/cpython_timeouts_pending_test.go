//go:build corio_pending

package coro_test

// Ports of test_timeouts.py that fail today, or need API that is planned
// (TimeoutAt, Never, CurrentScope, Scope.Deadline and Scope.Reschedule).

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
)

// timeoutsScoped returns a body that records the scope it runs in (the
// timeout's "as cm") and sleeps d.
func timeoutsScoped(cm **coro.Scope, d time.Duration) coro.Func[struct{}] {
	return func(yield Y) (struct{}, error) {
		*cm = coro.CurrentScope(yield)
		return struct{}{}, coro.Sleep(d).Await(yield)
	}
}

// test_timeouts.py::TimeoutTests::test_timeout_at_basic
//
// corio today: there is no TimeoutAt, CurrentScope or Scope.Deadline (planned).
func TestCPythonTimeoutTestsTimeoutAtBasic(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		deadline := coro.Now(yield) + 10*time.Millisecond
		_, err := coro.TimeoutAt(yield, deadline, timeoutsScoped(&cm, 10*time.Second))
		if cm == nil {
			return errors.New("the body did not run")
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("TimeoutAt: %v, want ErrTimeout", err)
		}
		if !cm.Expired() || cm.Deadline() != deadline {
			t.Errorf("expired %v, deadline %v; want expired at %v", cm.Expired(), cm.Deadline(), deadline)
		}
		if now := coro.Now(yield); now != deadline {
			t.Errorf("returned at %v, want %v", now, deadline)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_nested_timeouts
//
// corio today (with two Timeouts of the same deadline): both deadlines fire in
// the same turn and the inner Timeout returns ErrTimeout too; in asyncio (and
// trio) only the outermost expired scope reports the timeout, and the inner
// one passes the cancellation on.
func TestCPythonTimeoutTestsNestedTimeouts(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm1, cm2 *coro.Scope
		cancelled := false
		deadline := coro.Now(yield) + 10*time.Millisecond
		_, err := coro.TimeoutAt(yield, deadline, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			cm1 = coro.CurrentScope(yield)
			_, err := coro.TimeoutAt(yield, deadline, timeoutsScoped(&cm2, 10*time.Second))
			cancelled = errors.Is(err, coro.ErrCancelled) && !errors.Is(err, coro.ErrTimeout)
			return struct{}{}, err
		}))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("outer TimeoutAt: %v, want ErrTimeout", err)
		}
		if !cancelled {
			t.Error("the inner TimeoutAt did not pass the cancellation on: only the outermost expired scope reports the timeout")
		}
		if cm1 == nil || cm2 == nil {
			return errors.New("a body did not run")
		}
		if !cm1.Expired() || !cm2.Expired() {
			t.Errorf("outer expired %v, inner expired %v; want both", cm1.Expired(), cm2.Expired())
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_not_called
//
// corio today: there is no CurrentScope or Scope.Deadline (planned).
func TestCPythonTimeoutTestsTimeoutNotCalled(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		_, err := coro.Timeout(yield, 10*time.Second, timeoutsScoped(&cm, 10*time.Millisecond))
		if cm == nil {
			return errors.New("the body did not run")
		}
		t1 := coro.Now(yield)
		if err != nil || cm.Expired() {
			t.Errorf("Timeout: %v, expired %v; want neither", err, cm.Expired())
		}
		if cm.Deadline() <= t1 {
			t.Errorf("deadline %v, want after %v", cm.Deadline(), t1)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_disabled
//
// corio today: there is no Never (asyncio.timeout(None)) or CurrentScope
// (planned).
func TestCPythonTimeoutTestsTimeoutDisabled(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		_, err := coro.Timeout(yield, coro.Never, timeoutsScoped(&cm, 10*time.Millisecond))
		if cm == nil {
			return errors.New("the body did not run")
		}
		if err != nil || cm.Expired() || cm.Deadline() != coro.Never {
			t.Errorf("Timeout(Never): %v, expired %v, deadline %v; want no error, no deadline", err, cm.Expired(), cm.Deadline())
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_at_disabled
//
// corio today: there is no TimeoutAt, Never or CurrentScope (planned).
func TestCPythonTimeoutTestsTimeoutAtDisabled(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		_, err := coro.TimeoutAt(yield, coro.Never, timeoutsScoped(&cm, 10*time.Millisecond))
		if cm == nil {
			return errors.New("the body did not run")
		}
		if err != nil || cm.Expired() || cm.Deadline() != coro.Never {
			t.Errorf("TimeoutAt(Never): %v, expired %v, deadline %v; want no error, no deadline", err, cm.Expired(), cm.Deadline())
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_zero_sleep_zero
//
// corio today: Timeout(0) around a Yield returns nil: the task's next step
// runs before the deadline's timer, due now, has cancelled the scope (asyncio
// cancels the body before its next step: a deadline already passed is a
// call_soon).
func TestCPythonTimeoutTestsTimeoutZeroSleepZero(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		t0 := coro.Now(yield)
		_, err := coro.Timeout(yield, 0, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			cm = coro.CurrentScope(yield)
			return struct{}{}, coro.Yield().Await(yield)
		}))
		t1 := coro.Now(yield)
		if cm == nil {
			return errors.New("the body did not run")
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout(0) around a Yield: %v, want ErrTimeout", err)
		}
		if !cm.Expired() || cm.Deadline() < t0 || cm.Deadline() > t1 {
			t.Errorf("expired %v, deadline %v; want expired, deadline in [%v, %v]", cm.Expired(), cm.Deadline(), t0, t1)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_in_the_past_sleep_zero
//
// A negative Timeout is refused on purpose (bad input is an error); a deadline
// in the past is TimeoutAt's. corio today: there is no TimeoutAt (planned), and
// a deadline already passed lets a Yield through (see
// test_timeout_zero_sleep_zero).
func TestCPythonTimeoutTestsTimeoutInThePastSleepZero(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var cm *coro.Scope
		t0 := coro.Now(yield)
		_, err := coro.TimeoutAt(yield, t0-11*time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			cm = coro.CurrentScope(yield)
			return struct{}{}, coro.Yield().Await(yield)
		}))
		if cm == nil {
			return errors.New("the body did not run")
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("TimeoutAt(the past) around a Yield: %v, want ErrTimeout", err)
		}
		if !cm.Expired() || cm.Deadline() > t0 {
			t.Errorf("expired %v, deadline %v; want expired, deadline at most %v", cm.Expired(), cm.Deadline(), t0)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_reschedule
//
// corio today: there is no TimeoutAt, CurrentScope, Scope.Deadline or
// Scope.Reschedule (planned).
func TestCPythonTimeoutTestsReschedule(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		fut := coro.NewFuture[*coro.Scope](coro.Running(yield))
		deadline1 := coro.Now(yield) + 10*time.Second
		deadline2 := deadline1 + 20*time.Second
		task := syncTask(yield, func(yield Y) error {
			_, err := coro.TimeoutAt(yield, deadline1, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				fut.SetResult(coro.CurrentScope(yield))
				return struct{}{}, coro.Sleep(50 * time.Second).Await(yield)
			}))
			return err
		})
		cm, err := fut.Await(yield)
		if err != nil {
			return err
		}
		if cm.Deadline() != deadline1 {
			t.Errorf("deadline %v, want %v", cm.Deadline(), deadline1)
		}
		cm.Reschedule(deadline2)
		if cm.Deadline() != deadline2 {
			t.Errorf("deadline %v after Reschedule, want %v", cm.Deadline(), deadline2)
		}
		cm.Reschedule(coro.Never)
		if cm.Deadline() != coro.Never {
			t.Errorf("deadline %v after Reschedule(Never), want Never", cm.Deadline())
		}
		task.Cancel(nil)
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) || errors.Is(err, coro.ErrTimeout) {
			t.Errorf("task: %v, want its cancellation", err)
		}
		if cm.Expired() {
			t.Error("the scope expired")
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_after_cancellation
//
// corio today: the cleanup Timeout(0) returns the task's cancellation: the
// sleep inside fails at once with it (level-triggered), before the deadline's
// timer, due now, has cancelled the scope (see test_timeout_zero_sleep_zero).
// Once an expired deadline cancels its scope before the body's next step, the
// innermost cancelled scope is the timeout's and Timeout reports it.
func TestCPythonTimeoutTestsTimeoutAfterCancellation(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		var self *coro.Task[struct{}]
		var workErr, cleanupErr error
		self = syncTask(yield, func(yield Y) error {
			self.Cancel(nil)
			workErr = coro.Sleep(time.Second).Await(yield) // work which will be cancelled
			// finally:
			_, cleanupErr = coro.Timeout(yield, 0, timeoutsSleep(time.Second)) // some cleanup
			return nil
		})
		self.Await(yield)
		if !errors.Is(workErr, coro.ErrCancelled) {
			t.Errorf("the work: %v, want a cancellation", workErr)
		}
		if !errors.Is(cleanupErr, coro.ErrTimeout) {
			t.Errorf("the cleanup Timeout(0): %v, want ErrTimeout", cleanupErr)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_taskgroup
//
// corio today: Timeout returns ErrTimeout and the child's ZeroDivisionError is
// lost: the group's error joins it with the scope's cancellation, which
// Timeout takes for its own expiry (errors.As finds the CancelError in the
// join).
func TestCPythonTimeoutTestsTimeoutTaskgroup(t *testing.T) {
	taskgroupsRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, 10*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
				// task(): sleep(2), crashes in its cleanup.
				tg.Go(taskgroupsFailInCleanup(2*time.Second, taskgroupsZeroDivision))
				// try: raise ValueError finally: await sleep(1): the cancelled
				// sleep's error replaces the ValueError.
				err := taskgroupsValueError
				if e := coro.Sleep(time.Second).Await(yield); e != nil {
					return e
				}
				return err
			})
		}))
		n := 0
		for _, e := range taskgroupsMembers(err) {
			if errors.Is(e, taskgroupsZeroDivision) {
				n++
			}
		}
		if n != 1 || errors.Is(err, taskgroupsValueError) {
			t.Errorf("Timeout: %v; want the group's error with its one ZeroDivisionError", err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("returned at %v, want 10ms", now)
		}
		return nil
	})
}
