package coro_test

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// Misuse that the docs call an error comes back from the await, with the
// loop and the task going on: no panic crosses the coroutine.
func TestMisuseIsReturnedNotRaised(t *testing.T) {
	errBoom := errors.New("boom")
	mustRun(t, func(yield Y) error {
		var recovered any
		func() {
			defer func() { recovered = recover() }()
			// A failing Func yielded bare, a nil Coroutine, a task awaiting
			// itself, a nil task: each await fails, none panics.
			err := coroutineAwait(yield, func(yield Y) {
				yield(coro.Func[int](func(Y) (int, error) { return 0, errBoom }))
			})
			if !errors.Is(err, errBoom) {
				t.Errorf("a failing Func yielded bare: %v", err)
			}
			if err := coroutineAwait(yield, nil); !errors.Is(err, coro.ErrNilCoroutine) {
				t.Errorf("await of a nil Coroutine: %v", err)
			}
		}()
		if recovered != nil {
			t.Errorf("a failed await panicked through the coroutine: %v", recovered)
		}
		var self *coro.Task[int]
		self = coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return self.Await(yield)
		}))
		if _, err := self.Await(yield); !errors.Is(err, coro.ErrDeadlock) {
			t.Errorf("a task awaiting itself: %v, want an error matching ErrDeadlock", err)
		}
		var none *coro.Task[int]
		if _, err := none.Await(yield); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("await of a nil *Task: %v, want ErrNilCoroutine", err)
		}
		if _, err := new(coro.Task[int]).Await(yield); err == nil {
			t.Error("await of a Task made by hand succeeded")
		}
		return nil
	})
}

func coroutineAwait(yield Y, c coro.Coroutine) error {
	_, err := c.Await(yield)
	return err
}

// Every task the loop abandons at close gets a CancelError of its own, so
// that what one task's code does with it (it marks it seen) cannot touch
// another task's, on this loop or any other.
func TestEachAbandonedTaskHasItsOwnError(t *testing.T) {
	var errs []error
	for range 2 {
		l := loop.New(loop.WithVirtualClock())
		var tasks []*coro.Task[struct{}]
		for range 2 {
			tasks = append(tasks, loop.Start(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				_, err := coro.Sleep(time.Hour).Await(yield)
				return struct{}{}, err
			})))
		}
		if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
			t.Fatal(err)
		}
		l.Close()
		for _, task := range tasks {
			_, err := task.Result()
			if !errors.Is(err, coro.ErrClosed) || !errors.Is(err, coro.ErrCancelled) {
				t.Fatalf("abandoned task: %v, want a cancellation by ErrClosed", err)
			}
			errs = append(errs, err)
		}
	}
	for i := range errs {
		for j := range i {
			if errs[i] == errs[j] {
				t.Errorf("abandoned tasks %d and %d share one error value", i, j)
			}
		}
	}
}

// A failure that a coroutine yielded bare for and did not take propagates out
// of the nearest inline boundary: the Timeout, Func or Coroutine await around
// it; one from before that boundary is not blamed on it.
func TestUntakenFailurePropagatesToTheNearestBoundary(t *testing.T) {
	errBoom := errors.New("boom")
	failing := func(yield Y) bool {
		return yield(coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 0, errBoom })))
	}
	mustRun(t, func(yield Y) error {
		_, err := coro.Timeout(yield, time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			yield(coro.Sleep(time.Hour)) // fails at the deadline; returns nil regardless
			return struct{}{}, nil
		}))
		if !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout around a bare sleep: %v, want ErrTimeout", err)
		}
		_, err = coro.Func[int](func(yield Y) (int, error) {
			if !failing(yield) {
				return 0, nil // the failure is still Await's error
			}
			return 1, nil
		}).Await(yield)
		if !errors.Is(err, errBoom) {
			t.Errorf("Func.Await around a failed bare yield: %v, want boom", err)
		}
		if err := coroutineAwait(yield, func(Y) {}); err != nil {
			t.Errorf("a later, empty Coroutine await failed with %v", err)
		}
		return nil
	})
}

// A cleanup awaited in a defer of a task that the loop abandons at close
// runs: its awaits fail, but its code runs, as its defers do, whether it is a
// Func or a Coroutine, awaited or yielded bare.
func TestAbandonedTaskRunsItsDeferredCleanupCoroutines(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var funcRan, coroRan, bareCoroRan, bareFuncRan bool
	var ev coro.Event
	loop.Start(l, coro.Coroutine(func(yield Y) {
		defer coro.Func[struct{}](func(yield Y) (struct{}, error) { funcRan = true; return struct{}{}, nil }).Await(yield)
		defer coro.Coroutine(func(yield Y) { coroRan = true }).Await(yield)
		defer func() { yield(coro.Coroutine(func(yield Y) { bareCoroRan = true })) }()
		defer func() {
			yield(coro.Func[struct{}](func(yield Y) (struct{}, error) { bareFuncRan = true; return struct{}{}, nil }))
		}()
		ev.Wait(yield)
	}))
	if _, err := loop.RunUntilComplete(l, coro.Awaiter[struct{}](coro.Sleep(time.Second))); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if !funcRan {
		t.Error("the deferred Func.Await did not run")
	}
	if !coroRan {
		t.Error("the deferred Coroutine.Await did not run its coroutine at close")
	}
	if !bareCoroRan {
		t.Error("the deferred yield(Coroutine) did not run its coroutine at close")
	}
	if !bareFuncRan {
		t.Error("the deferred yield(Func) did not run its body at close")
	}
}

// A task waiting on a Condition in the usual Acquire / defer Release shape
// when the loop closes: Condition.Wait cannot await the lock back (the task
// is abandoned), but takes it if it is free, so the deferred Release does
// not panic.
func TestAbandonedConditionWaiterKeepsItsLock(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	c := coro.NewCondition(nil)
	task := loop.Start(l, coro.Coroutine(func(yield Y) {
		if err := c.L.Acquire(yield); err != nil {
			return
		}
		defer c.L.Release()
		c.Wait(yield)
	}))
	if _, err := loop.RunUntilComplete(l, coro.Awaiter[struct{}](coro.Sleep(time.Second))); err != nil {
		t.Fatal(err)
	}
	l.Close()
	_, err := task.Result()
	var pe *coro.PanicError
	if errors.As(err, &pe) {
		t.Errorf("the waiter panicked on its way out at close: %v", pe.Value)
	}
}

// The scopes take any awaitable as their body, as WaitFor does: a Sleep, a
// task, a Coroutine, with no wrapping; a nil one is ErrNilCoroutine.
func TestScopesTakeAnyAwaitable(t *testing.T) {
	mustRun(t, func(yield Y) error {
		if _, err := coro.Timeout(yield, time.Second, coro.Sleep(time.Hour)); !errors.Is(err, coro.ErrTimeout) {
			t.Errorf("Timeout of a Sleep: %v, want ErrTimeout", err)
		}
		task := coro.Spawn(yield, coro.SleepResult(time.Second, 42))
		if v, err := coro.Shield(yield, task); v != 42 || err != nil {
			t.Errorf("Shield of a task = %d, %v", v, err)
		}
		ran := false
		if _, err := coro.Timeout(yield, time.Second, coro.Coroutine(func(Y) { ran = true })); err != nil || !ran {
			t.Errorf("Timeout of a Coroutine: %v, ran %v", err, ran)
		}
		if _, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Sleep(time.Minute)); !timedOut || err != nil {
			t.Errorf("MoveOnAfter of a Sleep: timed out %v, %v", timedOut, err)
		}
		var none coro.Func[int]
		if _, err := coro.Shield(yield, none); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("Shield of a nil Func: %v", err)
		}
		return nil
	})
}
