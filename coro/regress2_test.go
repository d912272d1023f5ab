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
		l := loop.Current(yield)
		var child *coro.Task[bool]
		l.CallLater(time.Second, func() { child.Cancel(errTask) })
		child = coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
			_, timedOut, err := coro.MoveOnAfter(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
				return coro.SleepResult(time.Hour, 0).Await(yield)
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

// A cancelled task that awaits Gather(tasks) before it has seen its
// cancellation cancels them, and waits for them to end, as asyncio does;
// once it has seen it, the await fails at once and cancels nothing, as every
// await of a cancelled task does.
func TestGatherAwaitedByACancelledTaskCancelsChildren(t *testing.T) {
	_, err := run(t, func(yield Y) (struct{}, error) {
		child := func(cleanup time.Duration) *coro.Task[int] {
			return coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
				_, err := coro.Sleep(time.Hour).Await(yield)
				coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					return coro.Sleep(cleanup).Await(yield)
				}))
				return 1, err
			}))
		}
		unseen, seen := child(time.Second), child(0)
		var unseenDone, seenCancelled bool
		w := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				return coro.Sleep(time.Second).Await(yield) // cancelled meanwhile, unseen
			}))
			coro.Gather(unseen).Await(yield)
			unseenDone = unseen.Done()
			coro.Gather(seen).Await(yield) // the cancellation has been seen now
			coro.Sleep(0).Await(yield)
			seenCancelled = seen.Cancelled()
		}))
		coro.Sleep(0).Await(yield)
		w.Cancel(nil)
		w.Await(yield)
		if !unseenDone || !unseen.Cancelled() {
			t.Errorf("a gather awaited before the cancellation was seen: child done %v, cancelled %v; want it cancelled and ended", unseenDone, unseen.Cancelled())
		}
		if seenCancelled {
			t.Errorf("a gather awaited after the cancellation was seen cancelled its child")
		}
		seen.Cancel(nil)
		seen.Await(yield)
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
		coro.Sleep(0).Await(yield)
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
