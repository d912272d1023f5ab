package loop

import (
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/timer"
)

// core is a Loop seen from package coro: the coro.Scheduler its tasks,
// futures and timers run on. Its methods are for coro, on the loop's
// goroutine; they are not the Loop's API.
type core Loop

// core returns l's face for package coro.
func (l *Loop) core() *core { return (*core)(l) }

// Now returns the loop's time.
func (c *core) Now() time.Duration { return c.clock.Now() }

// Schedule appends cb to the ready queue. A closed loop drops it.
func (c *core) Schedule(cb coro.Callback) {
	if !c.closed {
		c.ready.Push(cb)
	}
}

// AddTimer queues t to be scheduled at when.
func (c *core) AddTimer(t *timer.Timer[coro.Callback], when time.Duration) {
	if !c.closed {
		c.timers.Push(t, when)
	}
}

// RemoveTimer takes t out of the timer queue.
func (c *core) RemoveTimer(t *timer.Timer[coro.Callback]) bool { return c.timers.Remove(t) }

// Tasks returns the loop's task bookkeeping.
func (c *core) Tasks() *coro.TaskSet { return &c.tasks }

// CallSoonThreadsafe is the Loop's, for coro.WithContext.
func (c *core) CallSoonThreadsafe(fn func()) error { return (*Loop)(c).CallSoonThreadsafe(fn) }

// Hold is the Loop's, for coro.WithContext.
func (c *core) Hold() (release func()) { return (*Loop)(c).Hold() }

// Start starts main as a new task on l, from outside any coroutine (before
// the loop runs, or in a callback on its goroutine): asyncio's
// loop.create_task. Inside a coroutine, coro.Spawn does the same. If l is
// closed the task completes at once with coro.ErrClosed.
func Start[T any](l *Loop, main coro.Awaiter[T], opts ...coro.TaskOption) *coro.Task[T] {
	return coro.Start(l.core(), main, opts...)
}

// Tasks returns the loop's live tasks, started and not yet done, in the order
// they started: asyncio.all_tasks. Call it on the loop's goroutine.
func (l *Loop) Tasks() []coro.TaskRef { return l.tasks.Refs() }
