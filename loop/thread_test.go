package loop_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestToThreadRunsBesideTheLoop checks that the loop keeps stepping tasks
// while a blocking function runs: the function waits for a channel that a
// task closes after many turns.
func TestToThreadRunsBesideTheLoop(t *testing.T) {
	l := newLoop(t)
	unblock := make(chan struct{})
	var turns int
	v, err := loop.RunUntilComplete(l, coro.Func[string](func(yield Y) (string, error) {
		ticker := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			for turns = 0; turns < 100; turns++ {
				coro.Sleep(0).Await(yield)
			}
			close(unblock)
		}))
		v, err := loop.ToThread(func(ctx context.Context) (string, error) {
			<-unblock
			return "done", nil
		}).Await(yield)
		ticker.Await(yield)
		return v, err
	}))
	if v != "done" || err != nil || turns != 100 {
		t.Errorf("ToThread = %v, %v after %d turns; want done, nil after 100", v, err, turns)
	}
}

func TestToThreadCancelTellsTheFunction(t *testing.T) {
	l := newLoop(t)
	sawCancel := make(chan error, 1)
	started := make(chan struct{})
	_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return loop.ToThread(func(ctx context.Context) (int, error) {
				close(started)
				<-ctx.Done()
				sawCancel <- ctx.Err()
				return 1, nil
			}).Await(yield)
		}))
		if _, _, err := loop.Recv(yield, (<-chan struct{})(started)); err != nil {
			return struct{}{}, err
		}
		task.Cancel(errors.New("stop"))
		if _, err := task.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled ToThread: %v", err)
		}
		return struct{}{}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := <-sawCancel; !errors.Is(err, context.Canceled) {
		t.Errorf("the function's context: %v, want Canceled", err)
	}
}

func TestToThreadPanicAndPoolBound(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(2))
	var running, most atomic.Int32
	gate := make(chan struct{})
	_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		_, err := loop.ToThread(func(context.Context) (int, error) { panic("boom") }).Await(yield)
		var pe *coro.PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" {
			t.Errorf("panicking function: %v, want a PanicError", err)
		}
		var tasks []*coro.Task[int]
		for range 5 {
			tasks = append(tasks, coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
				return loop.ToThread(func(context.Context) (int, error) {
					n := running.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					<-gate
					running.Add(-1)
					return 1, nil
				}).Await(yield)
			})))
		}
		go func() { time.Sleep(10 * time.Millisecond); close(gate) }()
		values, err := coro.Gather(tasks...).Await(yield)
		if err != nil || len(values) != 5 {
			t.Errorf("after a panic the pool ran %d functions, error %v", len(values), err)
		}
		return struct{}{}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if m := most.Load(); m != 2 {
		t.Errorf("at most %d functions ran at once, want 2 (the pool's size)", m)
	}
}

// TestCloseStopsTheWorkers checks that Close cancels the running functions'
// contexts and waits for them (goleak in TestMain checks that no goroutine is
// left).
func TestCloseStopsTheWorkers(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	started, ended := make(chan struct{}), make(chan error, 1)
	_, err := loop.RunUntilComplete(l, coro.Coroutine(func(yield Y) {
		coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return loop.ToThread(func(ctx context.Context) (int, error) {
				close(started)
				<-ctx.Done()
				ended <- ctx.Err()
				return 0, nil
			}).Await(yield)
		}))
		loop.Recv(yield, (<-chan struct{})(started))
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("function context at close: %v", err)
		}
	default:
		t.Error("Close returned before the running function ended")
	}
	if _, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		return loop.ToThread[int](nil).Await(yield)
	}), loop.WithVirtualClock()); !errors.Is(err, coro.ErrNilCoroutine) {
		t.Errorf("ToThread(nil): %v", err)
	}
}

func TestChannels(t *testing.T) {
	l := newLoop(t)
	_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		// A value ready at once, then one sent later by a goroutine.
		ch := make(chan int, 1)
		ch <- 1
		if v, ok, err := loop.Recv(yield, ch); v != 1 || !ok || err != nil {
			t.Errorf("Recv of a ready value = %d, %v, %v", v, ok, err)
		}
		go func() { ch <- 2 }()
		if v, ok, err := loop.Recv(yield, ch); v != 2 || !ok || err != nil {
			t.Errorf("Recv of a later value = %d, %v, %v", v, ok, err)
		}
		close(ch)
		if _, ok, err := loop.Recv(yield, ch); ok || err != nil {
			t.Errorf("Recv of a closed channel: ok %v, err %v", ok, err)
		}
		// Send to a goroutine that receives later.
		out := make(chan string)
		got := make(chan string)
		go func() { got <- <-out }()
		if err := loop.Send(yield, out, "hi"); err != nil {
			t.Errorf("Send: %v", err)
		}
		if v, _, _ := loop.Recv(yield, got); v != "hi" {
			t.Errorf("the goroutine got %q", v)
		}
		// A cancelled Send sends nothing; a cancelled Recv takes nothing.
		// Two channels nobody else uses: on one, the send would wait for
		// ever; on the other, the receive.
		never, silent := make(chan int), make(chan int)
		sender := coro.Spawn(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
			return struct{}{}, loop.Send(yield, never, 1)
		}))
		receiver := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			v, _, err := loop.Recv(yield, silent)
			return v, err
		}))
		coro.Sleep(0).Await(yield)
		sender.Cancel(nil)
		receiver.Cancel(nil)
		if _, err := sender.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled Send: %v", err)
		}
		if _, err := receiver.Await(yield); !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("cancelled Recv: %v", err)
		}
		select {
		case v := <-never:
			t.Errorf("a cancelled Send sent %d", v)
		default:
		}
		// Done of a context cancelled by a goroutine.
		ctx, cancel := context.WithCancel(context.Background())
		go cancel()
		if err := loop.Done(yield, ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Done: %v", err)
		}
		if err := loop.Done(yield, context.Background()); !errors.Is(err, coro.ErrDeadlock) {
			t.Errorf("Done(Background): %v", err)
		}
		return struct{}{}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}
