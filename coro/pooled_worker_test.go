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

// A task panics inside a cancelled scope; the next task on the pooled worker
// must not inherit the scope.
func TestScopeNotInheritedAfterPanic(t *testing.T) {
	mustRun(t, func(yield Y) error {
		a := coro.Spawn(yield, coro.Func[int](func(y Y) (int, error) {
			return coro.Cancellable(y, func(y Y, s *coro.Scope) (int, error) {
				s.Cancel(errors.New("x"))
				panic("boom")
			})
		}))
		if _, err := a.Await(yield); err == nil {
			return fmt.Errorf("want panic error")
		}
		b := coro.Spawn(yield, coro.Func[int](func(y Y) (int, error) {
			if s := coro.CurrentScope(y); s != nil {
				return 0, fmt.Errorf("inherited scope %p", s)
			}
			_, err := coro.Sleep(time.Millisecond).Await(y)
			return 0, err
		}))
		_, err := b.Await(yield)
		return err
	})
}

// A task cancelled before its first step: never runs, ends cancelled.
func TestCancelBeforeStart(t *testing.T) {
	mustRun(t, func(yield Y) error {
		ran := false
		a := coro.Spawn(yield, coro.Func[int](func(y Y) (int, error) { ran = true; return 1, nil }))
		a.Cancel(errors.New("c"))
		_, err := a.Await(yield)
		if ran || !errors.Is(err, coro.ErrCancelled) || !a.Cancelled() {
			return fmt.Errorf("ran=%v err=%v", ran, err)
		}
		return nil
	})
}

// A kept yield of a finished task, wrapped, given to Func.Await in another task.
func TestWrappedKeptYieldPanics(t *testing.T) {
	var kept Y
	var rec any
	mustRun(t, func(yield Y) error {
		a := coro.Spawn(yield, coro.Coroutine(func(y Y) { kept = y }))
		a.Await(yield)
		b := coro.Spawn(yield, coro.Coroutine(func(y Y) {
			defer func() { rec = recover() }()
			wrapped := func(x coro.Awaitable) bool { return kept(x) }
			coro.Func[int](func(y Y) (int, error) { return 0, nil }).Await(wrapped)
		}))
		_, err := b.Await(yield)
		return err
	})
	if !strings.Contains(fmt.Sprint(rec), "outside the step") {
		t.Errorf("recovered %v", rec)
	}
}

// A kept yield of a live, suspended task called in another task's step.
func TestKeptYieldOfSuspendedTask(t *testing.T) {
	var kept Y
	var rec any
	mustRun(t, func(yield Y) error {
		a := coro.Spawn(yield, coro.Coroutine(func(y Y) { kept = y; coro.Sleep(time.Second).Await(y) }))
		coro.Sleep(0).Await(yield)
		b := coro.Spawn(yield, coro.Coroutine(func(y Y) {
			defer func() { rec = recover() }()
			coro.Sleep(0).Await(kept)
		}))
		b.Await(yield)
		_, err := a.Await(yield)
		return err
	})
	if !strings.Contains(fmt.Sprint(rec), "outside the step") {
		t.Errorf("recovered %v", rec)
	}
}

// A kept yield called from a done callback, outside any step.
func TestKeptYieldInCallback(t *testing.T) {
	var rec any
	mustRun(t, func(yield Y) error {
		f := coro.NewFuture[int](yield)
		f.AddDoneCallback(func() {
			defer func() { rec = recover() }()
			coro.Sleep(0).Await(yield)
		})
		f.SetResult(1)
		_, err := coro.Sleep(time.Millisecond).Await(yield)
		return err
	})
	if !strings.Contains(fmt.Sprint(rec), "outside the step") {
		t.Errorf("recovered %v", rec)
	}
}

// Spawn with a wrapped yield in the defer of an abandoned task.
func TestSpawnWrappedInAbandoned(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var child *coro.Task[int]
	loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		defer func() {
			w := func(a coro.Awaitable) bool { return yield(a) }
			child = coro.Spawn(w, coro.Func[int](func(Y) (int, error) { return 1, nil }))
		}()
		_, err := coro.Sleep(time.Hour).Await(yield)
		return 0, err
	}))
	if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if child == nil || !child.Done() {
		t.Fatalf("child %v", child)
	}
	if _, err := child.Result(); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("child err %v", err)
	}
}

// Condition waiters and holders abandoned in either order: nobody panics and
// the lock ends free.
func TestConditionAbandonOrders(t *testing.T) {
	for _, holderFirst := range []bool{false, true} {
		for _, notified := range []bool{false, true} {
			name := fmt.Sprintf("holderFirst=%v,notified=%v", holderFirst, notified)
			l := loop.New(loop.WithVirtualClock())
			c := coro.NewCondition(nil)
			var tasks []*coro.Task[int]
			waiter := func() {
				tasks = append(tasks, loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
					if err := c.L.Acquire(yield); err != nil {
						return 0, err
					}
					defer c.L.Release()
					return 0, c.Wait(yield)
				})))
			}
			holder := func() {
				tasks = append(tasks, loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
					coro.Sleep(time.Millisecond).Await(yield)
					if err := c.L.Acquire(yield); err != nil {
						return 0, err
					}
					defer c.L.Release()
					if notified {
						c.Notify(1)
					}
					_, err := coro.Sleep(time.Hour).Await(yield)
					return 0, err
				})))
			}
			if holderFirst {
				holder()
				waiter()
			} else {
				waiter()
				holder()
			}
			if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
				t.Fatal(err)
			}
			l.Close()
			for _, tk := range tasks {
				var pe *coro.PanicError
				if _, err := tk.Result(); errors.As(err, &pe) {
					t.Errorf("%s: %s panicked: %v", name, tk.Name(), pe.Value)
				}
			}
			if c.L.Locked() {
				t.Errorf("%s: lock still locked after close", name)
			}
		}
	}
}

// A future completed by an abandoned task's defer, awaited by a task
// abandoned later (still suspended) and one abandoned before.
func TestFutureCompletedDuringAbandon(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	f := new(coro.Future[int])
	var ts []*coro.Task[int]
	aw := func() *coro.Task[int] {
		return loop.Start(l, coro.Func[int](func(yield Y) (int, error) { return f.Await(yield) }))
	}
	ts = append(ts, aw())
	ts = append(ts, loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		defer f.SetResult(1)
		_, err := coro.Sleep(time.Hour).Await(yield)
		return 0, err
	})))
	ts = append(ts, aw())
	if _, err := loop.RunUntilComplete(l, coro.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	for _, tk := range ts {
		var pe *coro.PanicError
		if _, err := tk.Result(); errors.As(err, &pe) {
			t.Errorf("%s panicked: %v", tk.Name(), pe.Value)
		}
	}
}
