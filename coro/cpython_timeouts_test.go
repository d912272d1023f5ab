package coro_test

// Ports of CPython's Lib/test/test_asyncio/test_timeouts.py (3.11, and the
// tests added up to 3.14). asyncio.timeout is coro.Timeout: a cancel scope run
// inline, whose expiry makes the awaits inside fail with a cancellation and
// Timeout return an error matching ErrTimeout.

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
)

// timeoutsSleep is a body that sleeps d and returns the sleep's error.
// timeoutsShieldedSleep sleeps d out of reach of every cancellation: what
// stands, under the virtual clock, for CPython's time.sleep, which blocks the
// loop while deadlines pass.
func timeoutsShieldedSleep(yield Y, d time.Duration) {
	coro.Shield(yield, sleepFunc(d))
}

// test_timeouts.py::TimeoutTests::test_timeout_basic
func TestCPythonTimeoutTestsTimeoutBasic(t *testing.T) {
	mustRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, 10*time.Millisecond, sleepFunc(10*time.Second))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout: %v, want ErrTimeout", err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("expired at %v, want 10ms", now)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_waiter_cancelled
func TestCPythonTimeoutTestsWaiterCancelled(t *testing.T) {
	mustRun(t, func(yield Y) error {
		cancelled := false
		_, err := coro.Timeout(yield, 10*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			_, err := coro.Sleep(10 * time.Second).Await(yield)
			cancelled = errors.Is(err, coro.ErrCancelled) && !errors.Is(err, coro.ErrTimeout)
			return struct{}{}, err
		}))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout: %v, want ErrTimeout", err)
		}
		if !cancelled {
			t.Error("the await inside did not fail with a cancellation")
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_zero
func TestCPythonTimeoutTestsTimeoutZero(t *testing.T) {
	mustRun(t, func(yield Y) error {
		t0 := coro.Now(yield)
		_, err := coro.Timeout(yield, 0, sleepFunc(10*time.Second))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout(0): %v, want ErrTimeout", err)
		}
		if t1 := coro.Now(yield); t1 != t0 {
			t.Errorf("expired at %v, want %v", t1, t0)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_foreign_exception_passed
func TestCPythonTimeoutTestsForeignExceptionPassed(t *testing.T) {
	keyError := errors.New("KeyError")
	mustRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, 10*time.Millisecond, coro.Func[int](func(Y) (int, error) { return 0, keyError }))
		if err != keyError {
			t.Errorf("Timeout: %v, want the body's KeyError as it is", err)
		}
		// Not expired: the deadline is gone with the scope.
		if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
			t.Errorf("a sleep after the Timeout: %v", err)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout
func TestCPythonTimeoutTestsForeignExceptionOnTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		// crash(): try: await sleep(1) finally: 1/0
		_, err := coro.Timeout(yield, 10*time.Millisecond, taskgroupsFailInCleanup(time.Second, errTaskgroupsZeroDivision))
		if err != errTaskgroupsZeroDivision {
			t.Errorf("Timeout: %v, want the ZeroDivisionError raised while it expired", err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("returned at %v, want 10ms", now)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_foreign_cancel_doesnt_timeout_if_not_expired
func TestCPythonTimeoutTestsForeignCancelDoesntTimeoutIfNotExpired(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var self *coro.Task[struct{}]
		var timeoutErr error
		self = syncTask(yield, func(yield Y) error {
			_, timeoutErr = coro.Timeout(yield, 10*time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				self.Cancel(nil) // asyncio.current_task().cancel()
				return coro.Sleep(10 * time.Second).Await(yield)
			}))
			return timeoutErr
		})
		_, err := self.Await(yield)
		if !errors.Is(timeoutErr, coro.ErrCancelled) || errors.Is(timeoutErr, coro.ErrTimeout) {
			t.Errorf("Timeout: %v, want the task's cancellation, not a timeout", timeoutErr)
		}
		if !self.Cancelled() || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task: %v, want it cancelled", err)
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("returned at %v, want at once", now)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_outer_task_is_not_cancelled
func TestCPythonTimeoutTestsOuterTaskIsNotCancelled(t *testing.T) {
	mustRun(t, func(yield Y) error {
		task := syncTask(yield, func(yield Y) error {
			if _, err := coro.Timeout(yield, time.Millisecond, sleepFunc(10*time.Second)); !errors.Is(err, coro.ErrTimeout) {
				t.Errorf("Timeout: %v, want ErrTimeout", err)
			}
			return nil
		})
		_, err := task.Await(yield)
		if err != nil || task.Cancelled() || !task.Done() {
			t.Errorf("task: %v, cancelled %v, done %v; want it done and not cancelled", err, task.Cancelled(), task.Done())
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_nested_timeouts_concurrent
func TestCPythonTimeoutTestsNestedTimeoutsConcurrent(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var innerErr error
		_, err := coro.Timeout(yield, 2*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			_, innerErr = coro.Timeout(yield, 100*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				timeoutsShieldedSleep(yield, 10*time.Millisecond) // "crunch some numbers"
				return coro.Sleep(time.Second).Await(yield)
			}))
			return struct{}{}, innerErr
		}))
		// Only the outer deadline has passed: the inner Timeout passes its
		// cancellation on, and the outer one times out.
		if !errors.Is(innerErr, coro.ErrCancelled) || errors.Is(innerErr, coro.ErrTimeout) {
			t.Errorf("inner Timeout: %v, want the outer scope's cancellation", innerErr)
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("outer Timeout: %v, want ErrTimeout", err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("returned at %v, want 10ms", now)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_nested_timeouts_loop_busy
func TestCPythonTimeoutTestsNestedTimeoutsLoopBusy(t *testing.T) {
	mustRun(t, func(yield Y) error {
		t0 := coro.Now(yield)
		var innerErr, afterErr error
		_, err := coro.Timeout(yield, 100*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) { // (1)
			_, innerErr = coro.Timeout(yield, 10*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) { // (2)
				timeoutsShieldedSleep(yield, 10*time.Millisecond) // time.sleep(0.01): the loop is busy past (2)
				return coro.Sleep(time.Second).Await(yield)
			}))
			// The timeout was caught by (2); this sleep is interrupted by (1).
			_, afterErr = coro.Sleep(10 * time.Second).Await(yield)
			return struct{}{}, afterErr
		}))
		if !errors.Is(innerErr, coro.ErrTimeout) {
			t.Errorf("inner Timeout: %v, want ErrTimeout", innerErr)
		}
		if !errors.Is(afterErr, coro.ErrCancelled) {
			t.Errorf("the sleep after the inner Timeout: %v, want a cancellation", afterErr)
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("outer Timeout: %v, want ErrTimeout", err)
		}
		if t1 := coro.Now(yield); t1 != t0+100*time.Millisecond {
			t.Errorf("returned at %v, want 100ms", t1)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_nested_timeout_in_finally
func TestCPythonTimeoutTestsNestedTimeoutInFinally(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var innerErr error
		_, err := coro.Timeout(yield, 10*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			_, err := coro.Sleep(time.Second).Await(yield)
			// finally:
			_, innerErr = coro.Timeout(yield, 10*time.Millisecond, sleepFunc(10*time.Second))
			return struct{}{}, err
		}))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("outer Timeout: %v, want ErrTimeout", err)
		}
		// Differs on purpose: level-triggered cancellation: a Timeout inside an expired scope fails at once.
		// It returns the outer scope's cancellation (asyncio runs the cleanup
		// for 10ms, and it raises its own TimeoutError).
		if !errors.Is(innerErr, coro.ErrCancelled) || errors.Is(innerErr, coro.ErrTimeout) {
			t.Errorf("inner Timeout: %v, want the outer scope's cancellation", innerErr)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("returned at %v, want 10ms", now)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_cancel_in_timeout_after_cancellation
func TestCPythonTimeoutTestsCancelInTimeoutAfterCancellation(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var self *coro.Task[struct{}]
		var workErr, cleanupErr error
		self = syncTask(yield, func(yield Y) error {
			self.Cancel(nil)
			_, workErr = coro.Sleep(time.Second).Await(yield) // work which will be cancelled
			// finally:
			_, cleanupErr = coro.Timeout(yield, time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				self.Cancel(nil)
				return coro.Sleep(2 * time.Second).Await(yield) // some cleanup
			}))
			return nil
		})
		self.Await(yield)
		if !errors.Is(workErr, coro.ErrCancelled) {
			t.Errorf("the work: %v, want a cancellation", workErr)
		}
		if !errors.Is(cleanupErr, coro.ErrCancelled) || errors.Is(cleanupErr, coro.ErrTimeout) {
			t.Errorf("the cleanup Timeout: %v, want the task's cancellation", cleanupErr)
		}
		if now := coro.Now(yield); now != 0 {
			t.Errorf("returned at %v, want at once", now)
		}
		return nil
	})
}

// timeoutsScoped returns a body that records the scope it runs in (the
// timeout's "as cm") and sleeps d.
func timeoutsScoped(cm **coro.Scope, d time.Duration) coro.Func[struct{}] {
	return func(yield Y) (struct{}, error) {
		*cm = coro.CurrentScope(yield)
		return coro.Sleep(d).Await(yield)
	}
}

// test_timeouts.py::TimeoutTests::test_timeout_at_basic
func TestCPythonTimeoutTestsTimeoutAtBasic(t *testing.T) {
	mustRun(t, func(yield Y) error {
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
func TestCPythonTimeoutTestsNestedTimeouts(t *testing.T) {
	mustRun(t, func(yield Y) error {
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
func TestCPythonTimeoutTestsTimeoutNotCalled(t *testing.T) {
	mustRun(t, func(yield Y) error {
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
func TestCPythonTimeoutTestsTimeoutDisabled(t *testing.T) {
	mustRun(t, func(yield Y) error {
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
func TestCPythonTimeoutTestsTimeoutAtDisabled(t *testing.T) {
	mustRun(t, func(yield Y) error {
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
func TestCPythonTimeoutTestsTimeoutZeroSleepZero(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var cm *coro.Scope
		t0 := coro.Now(yield)
		_, err := coro.Timeout(yield, 0, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			cm = coro.CurrentScope(yield)
			return coro.Sleep(0).Await(yield)
		}))
		t1 := coro.Now(yield)
		if cm == nil {
			return errors.New("the body did not run")
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout(0) around a Sleep(0): %v, want ErrTimeout", err)
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
// in the past is TimeoutAt's.
func TestCPythonTimeoutTestsTimeoutInThePastSleepZero(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var cm *coro.Scope
		t0 := coro.Now(yield)
		_, err := coro.TimeoutAt(yield, t0-11*time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			cm = coro.CurrentScope(yield)
			return coro.Sleep(0).Await(yield)
		}))
		if cm == nil {
			return errors.New("the body did not run")
		}
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("TimeoutAt(the past) around a Sleep(0): %v, want ErrTimeout", err)
		}
		if !cm.Expired() || cm.Deadline() > t0 {
			t.Errorf("expired %v, deadline %v; want expired, deadline at most %v", cm.Expired(), cm.Deadline(), t0)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_reschedule
func TestCPythonTimeoutTestsReschedule(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fut := coro.NewFuture[*coro.Scope](yield)
		deadline1 := coro.Now(yield) + 10*time.Second
		deadline2 := deadline1 + 20*time.Second
		task := syncTask(yield, func(yield Y) error {
			_, err := coro.TimeoutAt(yield, deadline1, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				fut.SetResult(coro.CurrentScope(yield))
				return coro.Sleep(50 * time.Second).Await(yield)
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
func TestCPythonTimeoutTestsTimeoutAfterCancellation(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var self *coro.Task[struct{}]
		var workErr, cleanupErr error
		self = syncTask(yield, func(yield Y) error {
			self.Cancel(nil)
			_, workErr = coro.Sleep(time.Second).Await(yield) // work which will be cancelled
			// finally:
			_, cleanupErr = coro.Timeout(yield, 0, sleepFunc(time.Second)) // some cleanup
			return nil
		})
		self.Await(yield)
		if !errors.Is(workErr, coro.ErrCancelled) {
			t.Errorf("the work: %v, want a cancellation", workErr)
		}
		// Differs on purpose: cancellation is level-triggered: the task's cancellation, the outermost, still fails the cleanup's await.
		if !errors.Is(cleanupErr, coro.ErrCancelled) || errors.Is(cleanupErr, coro.ErrTimeout) {
			t.Errorf("the cleanup Timeout(0): %v, want the task's cancellation", cleanupErr)
		}
		return nil
	})
}

// test_timeouts.py::TimeoutTests::test_timeout_taskgroup
func TestCPythonTimeoutTestsTimeoutTaskgroup(t *testing.T) {
	mustRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, 10*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, tg *coro.Group) error {
				// task(): sleep(2), crashes in its cleanup.
				coro.SpawnIn(tg, taskgroupsFailInCleanup(2*time.Second, errTaskgroupsZeroDivision))
				// try: raise ValueError finally: await sleep(1): the cancelled
				// sleep's error replaces the ValueError.
				err := errTaskgroupsValueError
				if _, e := coro.Sleep(time.Second).Await(yield); e != nil {
					return e
				}
				return err
			})
		}))
		n := 0
		for _, e := range taskgroupsMembers(err) {
			if errors.Is(e, errTaskgroupsZeroDivision) {
				n++
			}
		}
		if n != 1 || errors.Is(err, errTaskgroupsValueError) {
			t.Errorf("Timeout: %v; want the group's error with its one ZeroDivisionError", err)
		}
		if now := coro.Now(yield); now != 10*time.Millisecond {
			t.Errorf("returned at %v, want 10ms", now)
		}
		return nil
	})
}
