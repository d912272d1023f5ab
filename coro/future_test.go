package coro_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

func TestFutureWakesWaitersInOrder(t *testing.T) {
	var tr trace
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[string](yield)
		for _, name := range []string{"w1", "w2", "w3"} {
			coro.Spawn(yield, coro.Coroutine(func(yield Y) {
				v, err := f.Await(yield)
				tr.add("%s got %s %v", name, v, err)
			}))
		}
		coro.Sleep(0).Await(yield) // the waiters suspend
		f.AddDoneCallback(func() { tr.add("callback") })
		if !f.SetResult("x") {
			t.Error("SetResult reported false")
		}
		if f.SetResult("y") || f.SetError(errors.New("late")) || f.Cancel(nil) {
			t.Error("a second completion reported true")
		}
		coro.Sleep(time.Second).Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"w1 got x <nil>", "w2 got x <nil>", "w3 got x <nil>", "callback"}
	if diff := cmp.Diff(want, tr.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFutureOutcomes(t *testing.T) {
	boom := errors.New("boom")
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](yield)
		if _, err := f.Result(); !errors.Is(err, coro.ErrNotDone) {
			t.Errorf("Result of a pending future: %v, want ErrNotDone", err)
		}
		f.SetError(boom)
		if v, err := f.Await(yield); v != 0 || !errors.Is(err, boom) {
			t.Errorf("Await of a failed future = %v, %v", v, err)
		}
		c := coro.NewFuture[int](yield)
		c.Cancel(boom)
		_, err := c.Await(yield)
		if !c.Cancelled() || !errors.Is(err, coro.ErrCancelled) || !errors.Is(err, boom) {
			t.Errorf("cancelled future: Cancelled=%v err=%v", c.Cancelled(), err)
		}
		if !strings.Contains(c.String(), "Future[int]") {
			t.Errorf("String() = %q", c.String())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCancelledWaiterCancelsFuture(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		f := coro.NewFuture[int](yield)
		w := coro.Spawn(yield, coro.Func[int](f.Await))
		coro.Sleep(0).Await(yield)
		w.Cancel(errors.New("stop"))
		_, err := w.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) || !f.Cancelled() {
			t.Errorf("waiter err %v, future cancelled %v: want both cancelled, as in asyncio", err, f.Cancelled())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFutureOfAnotherLoop(t *testing.T) {
	foreign := futureOfAnotherLoop(t)
	_, err := run(t, func(yield Y) (int, error) { return foreign.Await(yield) })
	if !errors.Is(err, coro.ErrWrongLoop) {
		t.Errorf("awaiting a future of another loop: %v, want ErrWrongLoop", err)
	}
}

// futureOfAnotherLoop returns a future made on a loop of its own, which
// the test closes at its end.
func futureOfAnotherLoop(t *testing.T) *coro.Future[int] {
	t.Helper()
	other := loop.New(loop.WithVirtualClock())
	t.Cleanup(func() { other.Close() })
	f, err := loop.RunUntilComplete(other, coro.Func[*coro.Future[int]](func(yield Y) (*coro.Future[int], error) {
		return coro.NewFuture[int](yield), nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFutureMisuse(t *testing.T) {
	mustPanic(t, "NewFuture outside a coroutine", func() {
		coro.NewFuture[int](func(coro.Awaitable) bool { return true })
	})
	mustPanic(t, "SetError(nil)", func() { new(coro.Future[int]).SetError(nil) })
	mustPanic(t, "AddDoneCallback on a zero Future", func() { new(coro.Future[int]).AddDoneCallback(func() {}) })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r == nil {
			t.Errorf("%s did not panic", what)
		} else if !strings.HasPrefix(r.(string), "coro: ") {
			t.Errorf("%s panicked with %q, want a message starting with coro:", what, r)
		}
	}()
	f()
}
