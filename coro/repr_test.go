package coro_test

import (
	"fmt"
	"testing"

	"github.com/corio-go/corio/coro"
)

// reprEnv is what a reprCase's state runs in: its test, the yield of the
// loop's main task, the tasks the case started and what it must undo once its
// String is taken.
type reprEnv struct {
	t     *testing.T
	yield Y
	tasks []*coro.Task[struct{}]
	undo  []func()
}

// waiting starts n tasks that run body, and lets the loop run until they all
// wait in it.
func (e *reprEnv) waiting(n int, body func(yield Y) error) []*coro.Task[struct{}] {
	var ts []*coro.Task[struct{}]
	for range n {
		ts = append(ts, syncTask(e.yield, body))
	}
	e.tasks = append(e.tasks, ts...)
	turns(e.yield, 3)
	return ts
}

// reprCase brings a primitive into a state, with real tasks waiting in it
// where the state has waiters, and gives the String expected there.
type reprCase struct {
	name  string
	state func(e *reprEnv) fmt.Stringer
	want  string
}

// checkReprs runs each case on a loop of its own. Once it has the String, it
// runs the case's undo steps, then cancels the tasks the case started and
// awaits them, so that none is left for the loop to abandon.
func checkReprs(t *testing.T, cases []reprCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			mustRun(t, func(yield Y) error {
				e := &reprEnv{t: t, yield: yield}
				got = tc.state(e).String()
				for _, f := range e.undo {
					f()
				}
				for _, task := range e.tasks {
					task.Cancel(nil)
				}
				for _, task := range e.tasks {
					task.Await(e.yield) // cancelled, or done before it
				}
				return nil
			})
			if got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLockString(t *testing.T) {
	held := func() *coro.Lock {
		l := new(coro.Lock)
		l.TryAcquire()
		return l
	}
	checkReprs(t, []reprCase{
		{"zero", func(*reprEnv) fmt.Stringer { return new(coro.Lock) }, "Lock[unlocked]"},
		{"held", func(*reprEnv) fmt.Stringer { return held() }, "Lock[locked]"},
		{"released", func(*reprEnv) fmt.Stringer {
			l := held()
			l.Release()
			return l
		}, "Lock[unlocked]"},
		{"two waiting", func(e *reprEnv) fmt.Stringer {
			l := held()
			e.waiting(2, l.Acquire)
			return l
		}, "Lock[locked, waiters:2]"},
		{"a waiter cancelled", func(e *reprEnv) fmt.Stringer {
			l := held()
			ts := e.waiting(2, l.Acquire)
			ts[0].Cancel(nil)
			return l // taken out of the queue at once
		}, "Lock[locked, waiters:1]"},
		{"handed to a waiter that has not run", func(e *reprEnv) fmt.Stringer {
			l := held()
			e.waiting(2, l.Acquire)
			l.Release()
			return l
		}, "Lock[locked, waiters:1]"},
	})
}

func TestEventString(t *testing.T) {
	checkReprs(t, []reprCase{
		{"zero", func(*reprEnv) fmt.Stringer { return new(coro.Event) }, "Event[unset]"},
		{"set", func(*reprEnv) fmt.Stringer {
			ev := new(coro.Event)
			ev.Set()
			return ev
		}, "Event[set]"},
		{"two waiting", func(e *reprEnv) fmt.Stringer {
			ev := new(coro.Event)
			e.waiting(2, ev.Wait)
			return ev
		}, "Event[unset, waiters:2]"},
		{"set, its waiters not yet run", func(e *reprEnv) fmt.Stringer {
			ev := new(coro.Event)
			e.waiting(2, ev.Wait)
			ev.Set()
			return ev
		}, "Event[set]"},
		{"cleared, one waiting", func(e *reprEnv) fmt.Stringer {
			ev := new(coro.Event)
			ev.Set()
			ev.Clear()
			e.waiting(1, ev.Wait)
			return ev
		}, "Event[unset, waiters:1]"},
	})
}

func TestSemaphoreString(t *testing.T) {
	acquired := func(s *coro.Semaphore) *coro.Semaphore {
		s.TryAcquire()
		return s
	}
	checkReprs(t, []reprCase{
		{"free", func(*reprEnv) fmt.Stringer { return coro.NewSemaphore(2) }, "Semaphore[unlocked, value:2]"},
		{"one taken", func(*reprEnv) fmt.Stringer {
			return acquired(coro.NewSemaphore(2))
		}, "Semaphore[unlocked, value:1]"},
		{"none", func(*reprEnv) fmt.Stringer { return coro.NewSemaphore(0) }, "Semaphore[locked]"},
		{"two waiting", func(e *reprEnv) fmt.Stringer {
			s := acquired(coro.NewSemaphore(1))
			e.waiting(2, s.Acquire)
			return s
		}, "Semaphore[locked, waiters:2]"},
		{"handed to a waiter that has not run", func(e *reprEnv) fmt.Stringer {
			s := coro.NewSemaphore(0)
			e.waiting(1, s.Acquire)
			s.Release()
			return s // the permit is the waiter's: Acquire would still wait
		}, "Semaphore[locked]"},
		{"bounded", func(*reprEnv) fmt.Stringer {
			return coro.NewBoundedSemaphore(3)
		}, "BoundedSemaphore[unlocked, value:3]"},
		{"bounded, one waiting", func(e *reprEnv) fmt.Stringer {
			s := acquired(coro.NewBoundedSemaphore(1))
			e.waiting(1, s.Acquire)
			return s
		}, "BoundedSemaphore[locked, waiters:1]"},
	})
}

func TestConditionString(t *testing.T) {
	// wait is a task that waits on c for a notification.
	wait := func(c *coro.Condition) func(yield Y) error {
		return func(yield Y) error {
			if err := c.L.Acquire(yield); err != nil {
				return err
			}
			defer c.L.Release()
			return c.Wait(yield)
		}
	}
	checkReprs(t, []reprCase{
		{"new", func(*reprEnv) fmt.Stringer { return coro.NewCondition(nil) }, "Condition[unlocked]"},
		{"held", func(*reprEnv) fmt.Stringer {
			c := coro.NewCondition(nil)
			c.L.TryAcquire()
			return c
		}, "Condition[locked]"},
		{"two waiting", func(e *reprEnv) fmt.Stringer {
			c := coro.NewCondition(nil)
			e.waiting(2, wait(c))
			return c
		}, "Condition[unlocked, waiters:2]"},
		{"held, one notified of two", func(e *reprEnv) fmt.Stringer {
			c := coro.NewCondition(nil)
			e.waiting(2, wait(c))
			c.L.TryAcquire()
			e.undo = append(e.undo, c.L.Release)
			if err := c.Notify(1); err != nil {
				e.t.Error(err)
			}
			return c // the notified task waits for the lock, no longer in the condition
		}, "Condition[locked, waiters:1]"},
	})
}

func TestBarrierString(t *testing.T) {
	wait := func(b *coro.Barrier) func(yield Y) error {
		return func(yield Y) error {
			_, err := b.Wait(yield)
			return err
		}
	}
	checkReprs(t, []reprCase{
		{"new", func(*reprEnv) fmt.Stringer { return coro.NewBarrier(3) }, "Barrier[filling, waiters:0/3]"},
		{"two of three waiting", func(e *reprEnv) fmt.Stringer {
			b := coro.NewBarrier(3)
			e.waiting(2, wait(b))
			return b
		}, "Barrier[filling, waiters:2/3]"},
		{"the third came: draining", func(e *reprEnv) fmt.Stringer {
			b := coro.NewBarrier(3)
			e.waiting(2, wait(b))
			if i, err := b.Wait(e.yield); i != 2 || err != nil {
				e.t.Errorf("the third Wait = %d, %v; want 2, nil", i, err)
			}
			return b // the other two are let go and have not run yet
		}, "Barrier[draining, waiters:0/3]"},
		{"drained", func(e *reprEnv) fmt.Stringer {
			b := coro.NewBarrier(2)
			ts := e.waiting(2, wait(b))
			for _, task := range ts {
				task.Await(e.yield)
			}
			return b
		}, "Barrier[filling, waiters:0/2]"},
		{"reset while two wait", func(e *reprEnv) fmt.Stringer {
			b := coro.NewBarrier(3)
			e.waiting(2, wait(b))
			b.Reset()
			return b
		}, "Barrier[resetting, waiters:0/3]"},
		{"aborted", func(e *reprEnv) fmt.Stringer {
			b := coro.NewBarrier(3)
			e.waiting(1, wait(b))
			b.Abort()
			return b
		}, "Barrier[broken]"},
	})
}

func TestQueueString(t *testing.T) {
	// filled puts vs into q, which must have room for them.
	filled := func(e *reprEnv, q *coro.Queue[int], vs ...int) *coro.Queue[int] {
		for _, v := range vs {
			if err := q.TryPut(v); err != nil {
				e.t.Error(err)
			}
		}
		return q
	}
	checkReprs(t, []reprCase{
		{"empty", func(*reprEnv) fmt.Stringer { return coro.NewQueue[int](0) }, "Queue[maxsize:0]"},
		{"full, one putter waiting", func(e *reprEnv) fmt.Stringer {
			q := filled(e, coro.NewQueue[int](2), 1, 2)
			e.waiting(1, func(yield Y) error { return q.Put(yield, 3) })
			return q
		}, "Queue[maxsize:2, items:[1 2], putters:1, unfinished:2]"},
		{"empty, two getters waiting", func(e *reprEnv) fmt.Stringer {
			q := coro.NewQueue[int](0)
			e.waiting(2, func(yield Y) error { _, err := q.Get(yield); return err })
			return q
		}, "Queue[maxsize:0, getters:2]"},
		{"one got and done", func(e *reprEnv) fmt.Stringer {
			q := filled(e, coro.NewQueue[int](0), 1, 2, 3)
			if _, err := q.TryGet(); err != nil {
				e.t.Error(err)
			}
			q.TaskDone()
			return q
		}, "Queue[maxsize:0, items:[2 3], unfinished:2]"},
		{"got, not done", func(e *reprEnv) fmt.Stringer {
			q := filled(e, coro.NewQueue[int](0), 1)
			if _, err := q.TryGet(); err != nil {
				e.t.Error(err)
			}
			return q
		}, "Queue[maxsize:0, unfinished:1]"},
		{"lifo: the next to get first", func(e *reprEnv) fmt.Stringer {
			return filled(e, coro.NewLifoQueue[int](0), 1, 2, 3)
		}, "LifoQueue[maxsize:0, items:[3 2 1], unfinished:3]"},
		{"priority: the next to get first", func(e *reprEnv) fmt.Stringer {
			return filled(e, coro.NewPriorityQueue(5, func(a, b int) bool { return a < b }), 3, 1, 4, 2)
		}, "PriorityQueue[maxsize:5, items:[1 2 3 4], unfinished:4]"},
		{"shut down", func(e *reprEnv) fmt.Stringer {
			q := coro.NewQueue[string](0)
			q.TryPut("a")
			q.TryPut("b")
			q.Shutdown(false)
			return q
		}, "Queue[maxsize:0, items:[a b], unfinished:2, shutdown]"},
		{"shut down at once", func(e *reprEnv) fmt.Stringer {
			q := filled(e, coro.NewQueue[int](0), 1)
			q.Shutdown(true)
			return q
		}, "Queue[maxsize:0, shutdown]"},
	})
}
