package coro_test

// Regression tests for the behaviours CPython's own asyncio tests showed
// broken (issue 9): each fails on the code before its fix.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
)

// Nested groups in a task cancelled while the inner children fail: the
// children's errors reach the caller, beside the cancellation.
func TestNestedGroupsInACancelledTaskKeepChildErrors(t *testing.T) {
	errChild := errors.New("child failed while cancelled")
	mustRun(t, func(yield Y) error {
		outer := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
					coro.SpawnIn(g, coro.Func[int](func(yield Y) (int, error) {
						coro.Sleep(time.Hour).Await(yield)
						return 0, errChild // fails on its cancellation
					}))
					_, err := coro.Sleep(time.Hour).Await(yield)
					return err
				})
			})
		}))
		coro.Sleep(time.Second).Await(yield)
		outer.Cancel(nil)
		_, err := outer.Await(yield)
		if !errors.Is(err, errChild) || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("outer task ended with %v; want the child's error and the cancellation", err)
		}
		var ge *coro.GroupError
		if !errors.As(err, &ge) {
			t.Errorf("outer task's error %T is no GroupError", err)
		}
		return nil
	})
}

// A body error that joins a cancellation and a failure is the group's error,
// not the task's cancellation.
func TestGroupBodyErrorJoiningACancellationIsNotDropped(t *testing.T) {
	errOwn := errors.New("own")
	mustRun(t, func(yield Y) error {
		task := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				_, err := coro.Sleep(time.Hour).Await(yield)
				return errors.Join(err, errOwn)
			})
		}))
		coro.Sleep(0).Await(yield)
		task.Cancel(nil)
		if _, err := task.Await(yield); !errors.Is(err, errOwn) {
			t.Errorf("task ended with %v; want the body's own error kept", err)
		}
		return nil
	})
}

// stubborn is a task body that fails with err once it is cancelled.
func stubborn(err error) coro.Func[int] {
	return func(yield Y) (int, error) {
		if _, cerr := coro.Sleep(time.Hour).Await(yield); cerr != nil {
			return 0, err
		}
		return 1, nil
	}
}

// WaitFor and Timeout around a task that raises its own error while it is
// cancelled return that error, not ErrTimeout.
func TestTimeoutKeepsTheAwaitedTasksOwnError(t *testing.T) {
	errOwn := errors.New("raised while cancelled")
	mustRun(t, func(yield Y) error {
		task := coro.Spawn(yield, stubborn(errOwn))
		if _, err := coro.WaitFor(yield, time.Second, task); !errors.Is(err, errOwn) || errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor returned %v; want the task's own error", err)
		}
		task = coro.Spawn(yield, stubborn(errOwn))
		if _, err := coro.Timeout(yield, time.Second, task); !errors.Is(err, errOwn) {
			t.Errorf("Timeout returned %v; want the task's own error", err)
		}
		return nil
	})
}

// Task.Await by a task cancelled meanwhile returns the awaited task's own
// failure; the cancellation stays in force for the next await.
func TestCancelledAwaiterSeesTheAwaitedFailure(t *testing.T) {
	errOwn := errors.New("own")
	mustRun(t, func(yield Y) error {
		inner := coro.Spawn(yield, stubborn(errOwn))
		outer := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
			_, err := inner.Await(yield)
			_, next := coro.Sleep(0).Await(yield)
			return errName(err) + ", then " + errName(next), nil
		}))
		coro.Sleep(0).Await(yield)
		outer.Cancel(nil)
		got, err := outer.Await(yield)
		if err != nil || got != "own, then cancelled" {
			t.Errorf("outer saw %q, %v; want %q", got, err, "own, then cancelled")
		}
		return nil
	})
}

// bpo-34872: a task already cancelled that awaits a task or a future
// cancels it, and fails once it has ended.
func TestAlreadyCancelledTaskCancelsWhatItAwaits(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fut := coro.NewFuture[int](yield)
		nested := coro.Spawn(yield, coro.Func[int](fut.Await))
		var task *coro.Task[int]
		task = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			coro.Sleep(0).Await(yield)
			task.Cancel(nil)
			return nested.Await(yield)
		}))
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task ended with %v; want cancelled", err)
		}
		if !nested.Cancelled() || !fut.Cancelled() {
			t.Errorf("nested cancelled %v, future cancelled %v; want both", nested.Cancelled(), fut.Cancelled())
		}

		f2 := coro.NewFuture[int](yield)
		task = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			task.Cancel(nil)
			return f2.Await(yield)
		}))
		task.Await(yield)
		if !f2.Cancelled() {
			t.Errorf("a future awaited by a cancelled task was left pending")
		}
		return nil
	})
}

// bpo-26923: cancelling a gathering whose children have all ended, before
// their callbacks ran, does nothing and keeps the results.
func TestGatheringCancelAfterChildrenEndedKeepsResults(t *testing.T) {
	mustRun(t, func(yield Y) error {
		fut := coro.NewFuture[int](yield)
		g := coro.Gather(coro.Func[int](fut.Await))
		task := coro.Spawn(yield, coro.Func[[]int](g.Await))
		coro.Sleep(0).Await(yield) // the gathering starts its child
		coro.Sleep(0).Await(yield) // which awaits fut
		var cancelled *bool
		fut.AddDoneCallback(func() { ok := g.Cancel(nil); cancelled = &ok })
		fut.SetResult(42)
		got, err := task.Await(yield)
		if cancelled == nil || *cancelled {
			t.Errorf("Cancel after every child ended reported %v; want false", cancelled)
		}
		if diff := cmp.Diff([]int{42}, got); err != nil || diff != "" {
			t.Errorf("gather result %v, %v; want [42]", got, err)
		}
		return nil
	})
}

// Nested timeouts with the same deadline: the outer one catches the expiry
// and reports the timeout; the inner one sees a cancellation pass.
func TestNestedTimeoutsWithTheSameDeadline(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var inner error
		_, outer := coro.Timeout(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
			_, inner = coro.Timeout(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
				return coro.SleepResult(time.Hour, 0).Await(yield)
			}))
			return 0, inner
		}))
		if !errors.Is(inner, coro.ErrCancelled) || errors.Is(inner, coro.ErrTimeout) {
			t.Errorf("inner timeout returned %v; want a cancellation", inner)
		}
		if !errors.Is(outer, coro.ErrTimeout) || errors.Is(outer, coro.ErrCancelled) {
			t.Errorf("outer timeout returned %v; want a timeout, not a cancellation", outer)
		}
		if !errors.Is(outer, coro.ErrDeadline) {
			t.Errorf("timeout error %v does not unwrap to ErrDeadline", outer)
		}
		return nil
	})
}

// A deadline already past is handled in the current turn: Timeout(0)
// around a Sleep(0) times out, and WaitFor(0, f) runs no step of f.
func TestZeroTimeout(t *testing.T) {
	mustRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, 0, coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(0, 0).Await(yield)
		}))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout(0) around Sleep(0) returned %v; want a timeout", err)
		}

		ran := false
		_, err = coro.WaitFor(yield, 0, coro.Func[int](func(yield Y) (int, error) {
			ran = true
			return 1, nil
		}))
		if ran || !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("WaitFor(0, f): f ran %v, error %v; want no step and a timeout", ran, err)
		}

		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return coro.SleepResult(time.Hour, 1).Await(yield) }))
		_, err = coro.WaitFor(yield, 0, task)
		if !errors.Is(err, coro.ErrTimeout) || !task.Cancelled() {
			t.Errorf("WaitFor(0, task) returned %v, task cancelled %v; want a timeout and a cancelled task", err, task.Cancelled())
		}

		done := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return 7, nil }))
		done.Await(yield)
		if v, err := coro.WaitFor(yield, 0, done); v != 7 || err != nil {
			t.Errorf("WaitFor(0, done task) = %v, %v; want 7, nil", v, err)
		}
		return nil
	})
}

// test_locks.py::SemaphoreTests::test_acquire_fifo_order_4: a waiter that
// gets a permit wakes as many waiters behind it as permits are free.
func TestSemaphoreWakesAsManyAsFreePermits(t *testing.T) {
	mustRun(t, func(yield Y) error {
		sem := coro.NewSemaphore(0)
		var result []int
		var t4 *coro.Task[struct{}]
		syncTask(yield, func(yield Y) error {
			if err := sem.Acquire(yield); err != nil {
				return err
			}
			if sem.Value() != 0 {
				t.Errorf("value after c1's acquire %d; want 0", sem.Value())
			}
			t4 = syncTask(yield, func(Y) error { result = append(result, 4); return nil })
			result = append(result, 1)
			return nil
		})
		syncTask(yield, func(yield Y) error {
			sem.Release()
			sem.Release()
			sem.Release()
			if sem.Value() != 2 || !sem.Locked() {
				t.Errorf("after three releases: value %d, locked %v; want 2, true", sem.Value(), sem.Locked())
			}
			if err := sem.Acquire(yield); err != nil {
				return err
			}
			result = append(result, 2)
			return nil
		})
		syncTask(yield, func(yield Y) error {
			if err := sem.Acquire(yield); err != nil {
				return err
			}
			result = append(result, 3)
			return nil
		})
		coro.Sleep(0).Await(yield)
		coro.Sleep(0).Await(yield)
		t4.Await(yield)
		if diff := cmp.Diff([]int{1, 2, 3, 4}, result); diff != "" || sem.Value() != 0 {
			t.Errorf("order (-want +got):\n%s value %d", diff, sem.Value())
		}
		return nil
	})
}

// GatherAll's place for a cancelled child holds the zero value, and its
// error is the child's CancelError, with the cause it was cancelled with.
// (Before API v2 the slot held the error itself, and printed as asyncio's
// gather prints a CancelledError.)
func TestGatherAllCancelledSlotPrintsAsAsyncio(t *testing.T) {
	mustRun(t, func(yield Y) error {
		victim := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return coro.SleepResult(time.Hour, 1).Await(yield) }))
		named := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) { return coro.SleepResult(time.Hour, 2).Await(yield) }))
		coro.Sleep(0).Await(yield)
		stop := errors.New("stop")
		victim.Cancel(nil)
		named.Cancel(stop)
		g := coro.GatherAll([]coro.Awaiter[int]{victim, named, coro.Func[int](func(Y) (int, error) { return 3, nil })}...)
		got, err := g.Await(yield)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]int{0, 0, 3}, got); diff != "" {
			t.Errorf("GatherAll values (-want +got):\n%s", diff)
		}
		errs := g.Errors()
		if len(errs) != 3 {
			t.Fatalf("Errors() = %v, want 3 entries", errs)
		}
		var ce *coro.CancelError
		if !errors.Is(errs[0], coro.ErrCancelled) || !errors.As(errs[0], &ce) || ce.Cause != nil {
			t.Errorf("error of the cancelled child %#v is not its CancelError with no cause", errs[0])
		}
		if !errors.Is(errs[1], coro.ErrCancelled) || !errors.As(errs[1], &ce) || ce.Cause != stop {
			t.Errorf("error of the child cancelled with a cause %#v is not its CancelError with that cause", errs[1])
		}
		if errs[2] != nil {
			t.Errorf("error of the child that succeeded: %v, want nil", errs[2])
		}
		return nil
	})
}

// CurrentTask names the running task, as asyncio.current_task does; the
// default names are asyncio's, main included.
func TestCurrentTaskAndNames(t *testing.T) {
	mustRun(t, func(yield Y) error {
		if name := coro.CurrentTask(yield).Name(); name != "Task-1" {
			t.Errorf("main is %q, want Task-1", name)
		}
		var inside coro.TaskRef
		child := coro.Spawn(yield, coro.Coroutine(func(yield Y) { inside = coro.CurrentTask(yield) }))
		child.Await(yield)
		if inside != child.Ref() || child.Name() != "Task-2" {
			t.Errorf("CurrentTask inside the child %v, child %v named %q", inside.Name(), child.Ref().Name(), child.Name())
		}
		child.SetName("renamed")
		if inside.Name() != "renamed" {
			t.Errorf("SetName: %q", inside.Name())
		}
		return nil
	})
}

// A Gathering can be watched as a future: done callbacks (removable),
// Result, Cancelled.
func TestGatheringIsWatchedAsAFuture(t *testing.T) {
	mustRun(t, func(yield Y) error {
		g := coro.Gather(coro.Func[int](func(yield Y) (int, error) { return coro.SleepResult(time.Second, 1).Await(yield) }))
		if _, err := g.Result(); !errors.Is(err, coro.ErrNotDone) {
			t.Errorf("Result before the start: %v, want ErrNotDone", err)
		}
		task := coro.Spawn(yield, coro.Func[[]int](g.Await))
		coro.Sleep(0).Await(yield) // task starts the gathering
		var calls []string
		g.AddDoneCallback(func() { calls = append(calls, "first") })
		removed := g.AddDoneCallback(func() { calls = append(calls, "removed") })
		g.AddDoneCallback(func() { calls = append(calls, "last") })
		if !g.RemoveDoneCallback(removed) || g.RemoveDoneCallback(removed) {
			t.Error("RemoveDoneCallback: want true once, then false")
		}
		task.Await(yield)
		coro.Sleep(0).Await(yield)
		got, err := g.Result()
		if diff := cmp.Diff([]int{1}, got); diff != "" || err != nil || g.Cancelled() {
			t.Errorf("Result %v, %v, cancelled %v", got, err, g.Cancelled())
		}
		if diff := cmp.Diff([]string{"first", "last"}, calls); diff != "" {
			t.Errorf("callbacks (-want +got):\n%s", diff)
		}
		cancelled := coro.Gather(coro.Sleep(time.Hour))
		cancelled.Cancel(nil)
		if _, err := cancelled.Result(); !errors.Is(err, coro.ErrCancelled) || !cancelled.Cancelled() {
			t.Errorf("a cancelled gathering: %v, Cancelled %v", err, cancelled.Cancelled())
		}
		return nil
	})
}

// A group's error says what it is and holds each error.
func TestGroupErrorMessage(t *testing.T) {
	errA, errB := errors.New("a failed"), errors.New("b failed")
	mustRun(t, func(yield Y) error {
		err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			spawnIn(t, g, failWith(errA))
			spawnIn(t, g, failWith(errB))
			return nil
		})
		want := "coro: unhandled errors in a group (2 errors)\n\ta failed\n\tb failed"
		if err == nil || err.Error() != want || !errors.Is(err, errA) || !errors.Is(err, errB) {
			t.Errorf("group error %q; want %q, matching both", err, want)
		}
		return nil
	})
}

// A future that failed in the turn its awaiter was cancelled gives its error,
// as a task does: an error is never hidden behind a cancellation.
func TestFutureErrorIsNotHiddenBehindACancellation(t *testing.T) {
	errOwn := errors.New("own")
	mustRun(t, func(yield Y) error {
		f := coro.NewFuture[int](yield)
		w := coro.Spawn(yield, coro.Func[int](f.Await))
		coro.Sleep(0).Await(yield)
		f.SetError(errOwn)
		w.Cancel(nil) // in the turn the failure reaches w
		if _, err := w.Await(yield); !errors.Is(err, errOwn) {
			t.Errorf("awaiter got %v; want the future's own error", err)
		}
		return nil
	})
}

// shieldedCleanup is a scope body that fails with the cancellation it gets,
// after a shielded cleanup of a second.
func shieldedCleanup(yield Y) (int, error) {
	_, err := coro.Sleep(time.Hour).Await(yield)
	coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		return coro.Sleep(time.Second).Await(yield)
	}))
	return 0, err
}

// A caller cancelled while a scope handles its own cancellation (a timeout's
// cleanup, a group's after a child failed) keeps that cancellation.
func TestScopeKeepsACancellationThatCameDuringItsOwn(t *testing.T) {
	errChild := errors.New("child failed")
	mustRun(t, func(yield Y) error {
		inTimeout := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.Timeout(yield, time.Second, coro.Func[int](shieldedCleanup))
		}))
		inGroup := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return 0, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					coro.Sleep(time.Second).Await(yield)
					return 0, errChild
				}))
				_, err := shieldedCleanup(yield)
				return err
			})
		}))
		coro.Sleep(1500 * time.Millisecond).Await(yield) // both are in their cleanup
		inTimeout.Cancel(nil)
		inGroup.Cancel(nil)
		if _, err := inTimeout.Await(yield); !inTimeout.Cancelled() {
			t.Errorf("cancelled during its timeout's cleanup, the task ended with %v", err)
		}
		if _, err := inGroup.Await(yield); !errors.Is(err, errChild) || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled during its group's cleanup, the task ended with %v; want both errors", err)
		}
		return nil
	})
}

// A Timeout cancelled through its own scope stops the cancellation there.
func TestTimeoutCancelledThroughItsScope(t *testing.T) {
	mustRun(t, func(yield Y) error {
		v, err := coro.Timeout(yield, time.Hour, coro.Func[int](func(yield Y) (int, error) {
			coro.CurrentScope(yield).Cancel(nil)
			_, err := coro.Sleep(time.Second).Await(yield) // fails: the scope is cancelled
			return 1, err
		}))
		if v != 1 || err != nil {
			t.Errorf("Timeout = %v, %v; want 1, nil", v, err)
		}
		_, err = coro.Sleep(0).Await(yield) // the task is not cancelled
		return err
	})
}

// A group whose task is cancelled refuses new children: a child handing its
// work on to a new one during the shutdown learns it at once.
func TestGroupOfACancelledTaskRefusesChildren(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var refused error
		parent := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
				spawnIn(t, g, coro.Func[int](func(yield Y) (int, error) {
					_, err := coro.Sleep(time.Hour).Await(yield)
					_, refused = coro.SpawnIn(g, coro.Func[int](func(yield Y) (int, error) {
						return coro.SleepResult(time.Hour, 0).Await(yield)
					}))
					return 0, err
				}))
				_, err := coro.Sleep(time.Hour).Await(yield)
				return err
			})
		}))
		coro.Sleep(time.Second).Await(yield)
		parent.Cancel(nil)
		parent.Await(yield)
		if !errors.Is(refused, coro.ErrGroupClosed) || coro.Now(yield) != time.Second {
			t.Errorf("SpawnIn during the shutdown: %v, group ended at %v; want ErrGroupClosed at 1s", refused, coro.Now(yield))
		}
		return nil
	})
}

// AsCompletedTimeout yields only what ended within the limit, as asyncio's
// as_completed stops watching at its timeout.
func TestAsCompletedTimeoutStopsAtTheLimit(t *testing.T) {
	mustRun(t, func(yield Y) error {
		task := func(d time.Duration, v string) *coro.Task[string] {
			return coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
				return coro.SleepResult(d, v).Await(yield)
			}))
		}
		a, b := task(time.Second, "a"), task(3*time.Second, "b")
		var got []string
		for v, err := range coro.AsCompletedTimeout(yield, 2*time.Second, a, b) {
			got = append(got, v+errName(err))
			coro.Sleep(3 * time.Second).Await(yield) // past the limit and b's end
		}
		if diff := cmp.Diff([]string{"aok", "coro: timed out after 2s"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		return nil
	})
}

// A yield kept past its task's end fails loudly where it is called (the
// calling task panics) instead of driving the task its worker runs next.
func TestYieldKeptPastItsTaskPanics(t *testing.T) {
	mustRun(t, func(yield Y) error {
		var kept Y
		a := coro.Spawn(yield, coro.Coroutine(func(yield Y) { kept = yield }))
		a.Await(yield)
		bystander := coro.Spawn(yield, coro.Func[time.Duration](func(yield Y) (time.Duration, error) {
			_, err := coro.Sleep(time.Hour).Await(yield)
			return coro.Now(yield), err
		}))
		b := coro.Spawn(yield, coro.Func[int](func(Y) (int, error) {
			_, err := coro.Sleep(time.Second).Await(kept) // another task's yield
			return 0, err
		}))
		_, err := b.Await(yield)
		if msg := panicMessage(err); !strings.Contains(msg, "yield was called outside the step of its task") {
			t.Errorf("using a dead task's yield: %v, want a panic that says so", err)
		}
		if when, err := bystander.Await(yield); when != time.Hour || err != nil {
			t.Errorf("the bystander woke at %v, %v; want 1h, nil", when, err)
		}
		return nil
	})
}

// A coroutine driven by a yield that is not a loop's (called with a function
// of its own; ranged over, Go's iterator checks catch it) panics at its
// first await that must wait, instead of acquiring a held Lock or getting
// from an empty Queue.
func TestForeignYieldPanics(t *testing.T) {
	anything := func(coro.Awaitable) bool { return true }
	var held coro.Lock
	held.TryAcquire()
	q := coro.NewQueue[int](0)
	for name, body := range map[string]coro.Coroutine{
		"Lock.Acquire": func(yield Y) { held.Acquire(yield) },
		"Queue.Get":    func(yield Y) { q.Get(yield) },
	} {
		mustPanic(t, name+" under a foreign yield", func() { body(anything) })
	}
}

// WaitFor by a task cancelled before it awaits, and before it has seen its
// cancellation, cancels what it awaits instead of orphaning it.
func TestWaitForByAnAlreadyCancelledTaskOrphansNothing(t *testing.T) {
	mustRun(t, func(yield Y) error {
		nested := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(time.Hour, 1).Await(yield)
		}))
		var task *coro.Task[int]
		task = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			task.Cancel(nil)
			return coro.WaitFor(yield, time.Minute, nested)
		}))
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("task ended with %v; want cancelled", err)
		}
		if !nested.Cancelled() {
			t.Errorf("the task awaited through WaitFor was left running")
		}
		return nil
	})
}
