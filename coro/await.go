package coro

import (
	"time"

	"github.com/corio-go/corio/timer"
)

// Awaitable is a request a coroutine yields to suspend until something is done:
// a Sleep, a Future, a Task, a Gathering, or a Coroutine or Func (which runs
// inline, with no task and no switch).
//
// Its methods are unexported: the awaitables are this package's own types, and
// new ones are built from them (most often from a Future).
type Awaitable interface {
	// wait is called when t awaits the awaitable, on the loop's goroutine inside
	// t's step. It returns false when the await is complete at once (t goes on
	// without a switch) and true to suspend t; the awaitable then wakes t exactly
	// once, by scheduling it, when it is done.
	wait(t *taskCore) (park bool)
	// abort is called when t is cancelled while suspended on the awaitable. It
	// must lead to t being woken, as asyncio's Task.cancel cancels the future the
	// task waits on.
	abort(t *taskCore)
}

// Awaiter is an Awaitable with a typed result: Func, Coroutine, Task, Future
// and Gathering. Await yields it and returns its value and error, so a
// coroutine reads
//
//	n, err := fetch(url).Await(yield)
//
// where Python reads n = await fetch(url).
type Awaiter[T any] interface {
	Awaitable
	Await(yield Yield) (T, error)
}

// Callback is a unit of work in a loop's ready queue. The loop calls Run on its
// goroutine, in the order the callbacks were scheduled.
type Callback interface {
	Run()
}

// CallbackFunc adapts a function to a Callback.
type CallbackFunc func()

// Run calls f.
func (f CallbackFunc) Run() { f() }

// Scheduler is what coro needs from the loop that runs its tasks; package loop
// implements it. Every method is called on the loop's goroutine. User code
// rarely calls these: it awaits, and the awaitables do.
type Scheduler interface {
	// Now returns the loop's time.
	Now() time.Duration
	// Schedule appends c to the ready queue: it runs after everything already
	// there, in this loop turn or the next (asyncio's call_soon).
	Schedule(c Callback)
	// AddTimer queues t to be scheduled at when; t.Value is the callback. The
	// timer is owned by the caller, so queueing it allocates nothing.
	AddTimer(t *timer.Timer[Callback], when time.Duration)
	// RemoveTimer takes t out of the queue and reports whether it was queued.
	RemoveTimer(t *timer.Timer[Callback]) bool
	// Tasks returns the task bookkeeping coro keeps for this loop.
	Tasks() *TaskSet
}

// query is a question a coroutine asks its task through yield; the answer is
// yield's result. Queries never suspend.
type query uint8

const (
	askErr       query = iota + 1 // did the last await fail?
	askCancelled                  // is the task cancelled?
)

var queries = [...]*query{askErr: ptr(askErr), askCancelled: ptr(askCancelled)}

func ptr(q query) *query { return &q }

func (q *query) wait(t *taskCore) bool { return false }
func (q *query) abort(*taskCore)       {}

func (q *query) answer(t *taskCore) bool {
	switch *q {
	case askErr:
		return t.failed
	default:
		return t.cancelled() != nil
	}
}

// probe fetches the running task; its wait records it. Rarer than a query, it
// may cost an allocation.
type probe struct {
	t *taskCore
}

func (p *probe) wait(t *taskCore) bool { p.t = t; return false }
func (p *probe) abort(*taskCore)       {}

func running(yield Yield, who string) *taskCore {
	p := new(probe)
	yield(p)
	if p.t == nil {
		panic("coro: " + who + " called outside a coroutine running on a loop")
	}
	return p.t
}

// checked marks the requests that the Await methods yield. For them the
// worker's yield returns false when the await fails, because the task is
// cancelled, as well as when the task is abandoned; so an await that succeeds
// costs one call through yield, with no question after it. A bare yield of an
// awaitable keeps the rule that false means abandoned.
type checked interface {
	Awaitable
	checked()
}

// failure returns why the yield of a checked request returned false: the
// task's cancellation, or its abandonment at close.
func failure(yield Yield) error {
	if yield(queries[askErr]) {
		t := running(yield, "await")
		if err := t.cancelled(); err != nil {
			t.deliver(err) // the coroutine sees the task's own cancellation only if this is it
			return err
		}
	}
	return errAbandoned
}

// cancelled returns the cancellation in force where the calling coroutine
// runs, or nil.
func cancelled(yield Yield) error {
	if !yield(queries[askCancelled]) {
		return nil
	}
	t := running(yield, "await")
	err := t.cancelled()
	t.deliver(err)
	return err
}

// Running returns the scheduler (the loop) running the calling coroutine: the
// Go form of asyncio.get_running_loop. It panics outside a coroutine run by a
// loop.
func Running(yield Yield) Scheduler {
	return running(yield, "Running").fut.sched
}

// Now returns the time on the clock of the loop running the calling coroutine.
// Under a virtual clock it is exact: a coroutine that sleeps one second sees Now
// advance by exactly one second.
func Now(yield Yield) time.Duration {
	return Running(yield).Now()
}

// errAbandoned is what an await returns when the loop abandons its task at close.
var errAbandoned = &CancelError{Cause: ErrClosed}

// Checkpoint is an await that does not wait: it returns nil at once, with no
// switch, unless the calling task is cancelled, in which case it fails, as
// every await does, one loop turn later (trio's checkpoint_if_cancelled).
// Operations that sometimes complete without waiting call it on that path,
// so that they fail for a cancelled task either way.
func Checkpoint(yield Yield) error { return now(yield) }
