package loop_test

import (
	"context"
	"errors"
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
