package coro_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
)

func TestTaskContextEndsWithTheTask(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		var cancelledCtx, finishedCtx context.Context
		victim := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			cancelledCtx = coro.TaskContext(yield)
			coro.Sleep(time.Hour).Await(yield)
		}))
		finisher := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			finishedCtx = coro.TaskContext(yield)
			coro.Sleep(time.Second).Await(yield)
		}))
		coro.Sleep(0).Await(yield)
		if cancelledCtx.Err() != nil || finishedCtx.Err() != nil {
			t.Fatal("a task's context is done while the task runs")
		}
		victim.Cancel(errors.New("stop"))
		if !errors.Is(context.Cause(cancelledCtx), coro.ErrCancelled) {
			t.Errorf("cause of a cancelled task's context: %v", context.Cause(cancelledCtx))
		}
		finisher.Await(yield)
		if !errors.Is(finishedCtx.Err(), context.Canceled) || errors.Is(context.Cause(finishedCtx), coro.ErrCancelled) {
			t.Errorf("context of a task that ended: err %v, cause %v", finishedCtx.Err(), context.Cause(finishedCtx))
		}
		victim.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWithContextCancelledFromAnotherGoroutine checks that a context
// cancelled by plain Go code stops the coroutine, and that the loop waits for
// it instead of reporting a deadlock, under the virtual clock too.
func TestWithContextCancelledFromAnotherGoroutine(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(5*time.Millisecond, cancel)
		defer timer.Stop()
		never := coro.NewFuture[int](yield)
		_, err := coro.WithContext(yield, ctx, coro.Func[int](never.Await))
		if !errors.Is(err, context.Canceled) || !errors.Is(err, coro.ErrCancelled) {
			t.Errorf("WithContext: %v, want context.Canceled and ErrCancelled", err)
		}
		if !never.Cancelled() {
			t.Error("the future awaited inside was not cancelled")
		}
		// After the scope, awaits succeed again.
		if _, err := coro.Sleep(0).Await(yield); err != nil {
			t.Errorf("await after WithContext: %v", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWithContextAlreadyDoneOrNeverDone(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
		defer cancel()
		ran := false
		_, err := coro.WithContext(yield, ctx, coro.Func[int](func(yield Y) (int, error) {
			ran = true
			return coro.SleepResult(time.Second, 0).Await(yield)
		}))
		if !ran || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("expired context: ran %v, err %v; want the first await to fail", ran, err)
		}
		v, err := coro.WithContext(yield, context.Background(), coro.Func[int](func(yield Y) (int, error) {
			return coro.SleepResult(time.Second, 7).Await(yield)
		}))
		if v != 7 || err != nil {
			t.Errorf("WithContext(Background) = %d, %v", v, err)
		}
		if _, err := coro.WithContext[int](yield, context.Background(), nil); !errors.Is(err, coro.ErrNilCoroutine) {
			t.Errorf("nil body: %v", err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A task keeps one context, however often it asks for it: a loop of calls
// does not grow the loop's bookkeeping.
func TestTaskContextIsOnePerTask(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		first := coro.TaskContext(yield)
		for range 1000 {
			if coro.TaskContext(yield) != first {
				t.Fatal("TaskContext made a second context for the same task")
			}
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
