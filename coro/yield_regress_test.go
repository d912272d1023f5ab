package coro_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// A Func awaited with a yield that user code wrapped (forwarding to the real
// one): a failure inside it that it did not take must come out of its Await,
// as it does with the bare yield, and not stay held for later.
func TestFuncAwaitWrappedYield(t *testing.T) {
	boom := errors.New("boom")
	body := coro.Func[int](func(y Y) (int, error) {
		fut := coro.NewFuture[int](y)
		fut.SetError(boom)
		if !y(fut) {
			return 0, nil // returns on false, as the contract asks
		}
		return 1, nil
	})
	mustRun(t, func(yield Y) error {
		if _, err := body.Await(yield); !errors.Is(err, boom) {
			return fmt.Errorf("plain yield: %v, want boom", err)
		}
		wrapped := func(a coro.Awaitable) bool { return yield(a) }
		if _, err := body.Await(wrapped); !errors.Is(err, boom) {
			return fmt.Errorf("wrapped yield: %v, want boom", err)
		}
		return nil
	})
}

// The failure a wrapped-yield Func.Await left held surfaces later: the task
// fails with it although its code took every error and returned nil.
func TestWrappedYieldHeldFailsTask(t *testing.T) {
	boom := errors.New("boom")
	body := coro.Func[int](func(y Y) (int, error) {
		fut := coro.NewFuture[int](y)
		fut.SetError(boom)
		if !y(fut) {
			return 0, nil
		}
		return 1, nil
	})
	mustRun(t, func(yield Y) error {
		wrapped := func(a coro.Awaitable) bool { return yield(a) }
		_, err := body.Await(wrapped)
		_ = err
		// A later, unrelated await that succeeds; the task then returns nil.
		if _, err := coro.Sleep(time.Millisecond).Await(yield); err != nil {
			return fmt.Errorf("sleep: %v", err)
		}
		return nil
	})
}

// A yield kept past Close and called: the README promises a panic that says
// the yield was called outside its task's step.
func TestKeptYieldAfterClose(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var kept Y
	loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		kept = yield
		_, err := coro.Sleep(time.Hour).Await(yield)
		return 0, err
	}))
	if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	defer func() {
		r := recover()
		if s := fmt.Sprint(r); !strings.Contains(s, "outside the step") {
			t.Fatalf("kept yield after Close: recovered %v, want the 'outside the step' panic", r)
		}
	}()
	kept(coro.Sleep(0))
}

// A Condition waiter and a lock holder, both left at Close; the waiter
// started first. The waiter's deferred Release must not free the holder's
// lock under it, so the holder's own deferred Release does not panic.
func TestConditionAbandonedLockHeldByOther(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	c := coro.NewCondition(nil)
	waiter := loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		if err := c.L.Acquire(yield); err != nil {
			return 0, err
		}
		defer c.L.Release()
		return 0, c.Wait(yield)
	}))
	holder := loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		if err := c.L.Acquire(yield); err != nil {
			return 0, err
		}
		defer c.L.Release()
		_, err := coro.Sleep(time.Hour).Await(yield)
		return 0, err
	}))
	if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	for _, tk := range []*coro.Task[int]{waiter, holder} {
		var pe *coro.PanicError
		if _, err := tk.Result(); errors.As(err, &pe) {
			t.Errorf("%s panicked at close: %v", tk.Name(), pe.Value)
		}
	}
}

// Spawn with a yield that is not a loop's: its doc says it panics. A yield
// that returns false (a range loop that broke, say) is taken for a loop
// abandoning the caller instead.
func TestSpawnForeignYieldPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Spawn with a foreign yield did not panic")
		}
	}()
	task := coro.Spawn(func(coro.Awaitable) bool { return false }, coro.Awaiter[struct{}](coro.Sleep(0)))
	_, err := task.Result()
	t.Logf("task: done=%v err=%v", task.Done(), err)
}

// A yield kept past its task's end, called in the step of a later task that
// took the finished task's pooled worker: the README says a kept yield
// panics at once.
func TestKeptYieldOnReusedWorker(t *testing.T) {
	var kept Y
	var recovered any
	mustRun(t, func(yield Y) error {
		first := coro.Spawn(yield, coro.Coroutine(func(y Y) { kept = y }))
		if _, err := first.Await(yield); err != nil {
			return err
		}
		second := coro.Spawn(yield, coro.Coroutine(func(y Y) {
			defer func() { recovered = recover() }()
			coro.Sleep(0).Await(kept) // the first task's yield
		}))
		_, err := second.Await(yield)
		return err
	})
	if !strings.Contains(fmt.Sprint(recovered), "outside the step") {
		t.Errorf("kept yield on a reused worker: recovered %v, want the 'outside the step' panic", recovered)
	}
}
