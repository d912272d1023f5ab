package coro

import (
	"time"

	"github.com/corio-go/corio/timer"
)

// Awaitable is a request a coroutine yields to suspend until something is done:
// a Sleep, a Future, a Task, a Gathering, or a Coroutine or Func (which runs
// inline, with no task and no switch).
//
// Every awaitable is awaited the same way. yield(a) returns true when the
// await succeeded and false when it failed: the awaited thing failed, the
// task was cancelled, the request was bad (a nil awaitable, one of another
// loop, a negative Sleep) or the loop abandoned the task at close. The task
// holds the error until the coroutine takes it, which a's Await method does
// and returns; a coroutine that yields bare and returns on false fails with
// that error, as an exception propagates out of a Python await nobody wraps
// in try. So a.Await(yield) and a bare yield(a) differ only in who gets the
// error.
//
// Its methods are unexported: the awaitables are this package's own types, and
// new ones are built from them (most often from a Future).
type Awaitable interface {
	// wait is called when t awaits the awaitable, on the loop's goroutine
	// inside t's step. It returns park false when the await is complete at
	// once, with err its outcome; t goes on without a switch. With park true
	// t suspends, and the awaitable wakes it exactly once, by t.wake or
	// t.resume, when it is done; the outcome is then the one resume gave
	// (see taskCore.resumed).
	wait(t *taskCore) (park bool, err error)
	// abort is called when a cancellation reaches t while it is suspended on
	// the awaitable. It must lead to t being woken, as asyncio's Task.cancel
	// cancels the future the task waits on, unless t was woken already: then
	// it does nothing.
	abort(t *taskCore)
}

// Awaiter is an Awaitable with a typed result: Func, Coroutine, Task, Future,
// Gathering and Sleep's Delay (and package loop's ToThread and Submit
// results). Await yields it and returns its value and error, so a coroutine
// reads
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

// Scheduler is what coro needs from the loop that runs its tasks: the
// boundary between the two packages. Package loop implements it on an
// unexported type, so user code never holds one; every method but
// CallSoonThreadsafe is called on the loop's goroutine.
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
	// CallSoonThreadsafe runs fn on the loop soon; it may be called from any
	// goroutine (WithContext's cancellation comes from one).
	CallSoonThreadsafe(fn func()) error
	// Hold tells the loop that an outside event may still come (it reports
	// no deadlock and a virtual clock waits for it) until release is called.
	Hold() (release func())
}

// inquiry is a request that asks the task something and never waits; its
// wait answers it and returns (false, nil). It is answered even for a task
// that the loop has abandoned, whose awaits all fail.
type inquiry interface {
	Awaitable
	inquiry()
}

// probe fetches the running task; its wait records it.
type probe struct {
	t *taskCore
}

func (p *probe) wait(t *taskCore) (bool, error) { p.t = t; return false, nil }
func (p *probe) abort(*taskCore)                {}
func (p *probe) inquiry()                       {}

// running returns the task the calling coroutine runs in, found from its
// yield (yieldtask.go), or else by a probe yielded through it.
func running(yield Yield, who string) *taskCore {
	t := taskOf(yield)
	if t == nil {
		panic("coro: " + who + " called outside a coroutine running on a loop")
	}
	return t
}

// failure takes the error of the await that has just failed (its yield
// returned false) from the task that holds it: what every Await method
// returns on that path. The task is read from the yield: no trip through it.
func failure(yield Yield) error {
	t := running(yield, "an await")
	err := t.w.held
	t.w.held = nil
	if err == nil {
		foreignYield() // false with no failure: not a loop's yield
	}
	return err
}

// cancelled returns the cancellation in force where the calling coroutine
// runs, or nil; the coroutine has then seen it.
func cancelled(yield Yield) error {
	t := running(yield, "an await")
	if err := t.cancelled(); err != nil {
		err.seen = true
		return err
	}
	return nil
}

// Running returns the scheduler running the calling coroutine, the face a
// loop shows coro. It is for package loop (loop.Current, asyncio's
// get_running_loop, is the user's). It panics outside a coroutine run by a
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

// Checkpoint is an await that does not wait: it returns nil at once, with no
// switch, unless the calling task is cancelled, in which case it fails, as
// every await does, one loop turn later (trio's checkpoint_if_cancelled).
// Operations that sometimes complete without waiting call it on that path,
// so that they fail for a cancelled task either way.
func Checkpoint(yield Yield) error { return now(yield) }
