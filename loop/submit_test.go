package loop_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

func TestSubmitFromPlainGo(t *testing.T) {
	p := loop.NewPool(2)
	defer p.Close()
	r := loop.Submit(p.Loop(0), coro.Func[int](func(yield Y) (int, error) {
		if _, err := coro.Sleep(time.Millisecond).Await(yield); err != nil {
			return 0, err
		}
		return 42, nil
	}))
	v, err := r.Wait(context.Background())
	if v != 42 || err != nil {
		t.Errorf("Wait = %d, %v", v, err)
	}
	// A result awaited from a task of another loop.
	other := loop.Submit(p.Loop(1), coro.Func[int](func(yield Y) (int, error) {
		inner := loop.Submit(p.Loop(0), coro.Func[int](func(Y) (int, error) { return 7, nil }))
		return inner.Await(yield)
	}))
	if v, err := other.Wait(context.Background()); v != 7 || err != nil {
		t.Errorf("await across loops = %d, %v", v, err)
	}
	// Wait gives up with its context; Cancel cancels the task.
	slow := loop.Submit(p.Loop(0), coro.Func[int](func(yield Y) (int, error) {
		return coro.SleepResult(time.Hour, 0).Await(yield)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := slow.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with an expired context: %v", err)
	}
	slow.Cancel(errors.New("enough"))
	if _, err := slow.Wait(context.Background()); !errors.Is(err, coro.ErrCancelled) {
		t.Errorf("cancelled submitted task: %v", err)
	}
}

func TestSubmitToClosedLoop(t *testing.T) {
	l := loop.New()
	l.Close()
	r := loop.Submit(l, coro.Func[int](func(Y) (int, error) { return 1, nil }))
	if _, err := r.Wait(context.Background()); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("Submit to a closed loop: %v", err)
	}
}

// TestPoolSpreadsWork submits work round robin from many goroutines and
// checks that every loop gets its share, and (goleak, in TestMain) that Close
// leaves no goroutine behind.
func TestPoolSpreadsWork(t *testing.T) {
	p := loop.NewPool(4)
	counts := make([]int, p.Len()) // each written only by its own loop
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			l := p.Next()
			i := 0
			for ; p.Loop(i) != l; i++ {
			}
			r := loop.Submit(l, coro.Func[int](func(Y) (int, error) {
				counts[i]++
				return i, nil
			}))
			if _, err := r.Wait(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	p.Close()
	p.Close() // again: nothing
	for i, n := range counts {
		if n != 10 {
			t.Errorf("loop %d ran %d tasks, want 10 (round robin)", i, n)
		}
	}
}

// Results of work submitted to other loops, and functions run on threads, are
// awaitables like any other: a task gathers them, or spawns a task around
// one.
func TestResultsAndThreadsGather(t *testing.T) {
	p := loop.NewPool(2)
	defer p.Close()
	square := func(n int) coro.Func[int] {
		return func(yield Y) (int, error) {
			_, err := coro.Sleep(time.Millisecond).Await(yield)
			return n * n, err
		}
	}
	got := loop.Submit(p.Loop(1), coro.Func[[]int](func(yield Y) ([]int, error) {
		results := []*loop.Result[int]{loop.Submit(p.Loop(0), square(2)), loop.Submit(p.Loop(0), square(3))}
		fromLoops, err := coro.Gather(results...).Await(yield)
		if err != nil {
			return nil, err
		}
		fromThreads, err := coro.Gather(
			loop.ToThread(func(context.Context) (int, error) { return 4, nil }),
			loop.ToThread(func(context.Context) (int, error) { return 5, nil }),
		).Await(yield)
		if err != nil {
			return nil, err
		}
		spawned, err := coro.Spawn(yield, loop.Submit(p.Loop(0), square(6))).Await(yield)
		return append(append(fromLoops, fromThreads...), spawned), err
	}))
	v, err := got.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{4, 9, 4, 5, 36}; !slices.Equal(v, want) {
		t.Errorf("gathered %v, want %v", v, want)
	}
}
