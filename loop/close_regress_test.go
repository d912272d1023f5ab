package loop_test

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// A task awaiting a later-started task, both pending at Close: Close abandons
// the awaiter first (in start order), then the awaited task, whose completion
// resumes the already-abandoned awaiter.
func TestCloseAwaiterBeforeAwaited(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var child *coro.Task[struct{}]
	parent := loop.Start(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		child = coro.Spawn(yield, sleepFor(time.Hour))
		return child.Await(yield)
	}))
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Close panicked: %v", r)
			}
		}()
		l.Close()
	}()
	if _, err := parent.Result(); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("parent: %v, want ErrClosed", err)
	}
	if _, err := child.Result(); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("child: %v, want ErrClosed", err)
	}
}

// A future completed after Close, from outside, that an abandoned task awaited.
func TestSetResultAfterClose(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var fut *coro.Future[int]
	loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		fut = coro.NewFuture[int](yield)
		return fut.Await(yield)
	}))
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("SetResult after Close panicked: %v", r)
		}
	}()
	fut.SetResult(1)
}

// An abandoned task's deferred cleanup completes a future another abandoned
// task awaited (abandoned before it).
func TestCleanupCompletesFutureOfAbandoned(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	var fut *coro.Future[int]
	a := loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		fut = coro.NewFuture[int](yield)
		return fut.Await(yield)
	}))
	b := loop.Start(l, coro.Func[int](func(yield Y) (int, error) {
		defer func() { fut.SetResult(1) }()
		_, err := coro.Sleep(time.Hour).Await(yield)
		return 0, err
	}))
	_ = a
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := b.Result(); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("b: %v, want ErrClosed", err)
	}
}

// loop.Run: a parent left over after main awaits a child that shields a long
// sleep; the shutdown timeout passes and Close abandons both (parent first).
func TestRunShutdownParentAwaitsShieldedChild(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("loop.Run panicked: %v", r)
		}
	}()
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			child := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				return coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) { return coro.Sleep(time.Hour).Await(yield) }))
			}))
			return child.Await(yield)
		}))
		_, err := coro.Sleep(time.Second).Await(yield)
		return 0, err
	}), loop.WithVirtualClock(), loop.WithShutdownTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
}

// An instrument hears every task end (Instrument: "TaskExited is called when
// t has ended"), also a task the loop abandons at close.
func TestInstrumentHearsAbandonedTaskExit(t *testing.T) {
	rec := new(recorder)
	l := loop.New(loop.WithVirtualClock(), loop.WithInstrument(rec))
	loop.Start(l, sleepFor(time.Hour), coro.WithName("stuck"))
	if _, err := loop.RunUntilComplete(l, sleepFor(time.Second)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	for _, e := range rec.events {
		if len(e) > 12 && e[:12] == "exited stuck" {
			return
		}
	}
	t.Errorf("no TaskExited for the abandoned task; events:\n%v", rec.events)
}
