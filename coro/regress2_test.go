package coro_test

import (
	"errors"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// The same with a deadline: Cancel at t=1s, set before the scope's deadline
// at t=1s.
func TestTaskCancelSurvivesADeadlineAtTheSameTime(t *testing.T) {
	errTask := errors.New("task")
	_, err := run(t, func(yield Y) (struct{}, error) {
		l := coro.Running(yield).(*loop.Loop)
		var child *coro.Task[bool]
		l.CallLater(time.Second, func() { child.Cancel(errTask) })
		child = coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
				return 0, coro.Sleep(time.Hour).Await(yield)
			}))
			return timedOut, err
		}))
		v, err := child.Await(yield)
		if !errors.Is(err, errTask) {
			t.Errorf("child ended with (%v, %v); want its cancellation", v, err)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A cancelled task that awaits Gather(tasks) cancels them, as asyncio does.
func TestGatherAwaitedByACancelledTaskCancelsChildren(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		a := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			return 1, coro.Sleep(time.Hour).Await(yield)
		}))
		w := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield) // cancelled here
			coro.Gather(a).Await(yield)
		}))
		coro.Yield().Await(yield)
		w.Cancel(nil)
		w.Await(yield)
		coro.Yield().Await(yield)
		if !a.Cancelled() {
			t.Errorf("a gather awaited by a cancelled task left its child running")
		}
		a.Cancel(nil)
		a.Await(yield)
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A cancelled task's Get on a non-empty queue fails and takes nothing.
func TestCancelledQueueGetTakesNothing(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		q := coro.NewQueue[int](0)
		for i := range 3 {
			q.TryPut(i)
		}
		n := 0
		w := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield)
			for {
				if _, err := q.Get(yield); err != nil {
					return
				}
				n++
			}
		}))
		coro.Yield().Await(yield)
		w.Cancel(nil)
		w.Await(yield)
		if n != 0 || q.Len() != 3 {
			t.Errorf("a cancelled task got %d items from Get; %d left, want 3", n, q.Len())
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
