package coro

import (
	"fmt"
	"reflect"
	"slices"
)

// futureCore is the untyped part of everything that completes once: Future,
// Task, Gathering. Its callbacks run in the order they were added, each as its
// own entry in the ready queue, as asyncio schedules a future's callbacks.
type futureCore struct {
	sched Scheduler
	done  bool
	err   error
	first Callback    // most futures have one waiter: keep it out of a slice
	more  *[]Callback // the rest, in order; a pointer keeps tasks small
}

// bind ties the future to s on first use and reports whether it belongs to s.
func (f *futureCore) bind(s Scheduler) bool {
	if f.sched == nil {
		f.sched = s
	}
	return f.sched == s
}

func (f *futureCore) addCallback(c Callback) {
	if f.done {
		f.schedule(c)
		return
	}
	if f.first == nil {
		f.first = c
		return
	}
	if f.more == nil {
		f.more = new([]Callback)
	}
	*f.more = append(*f.more, c)
}

// schedule schedules a future's callback: a task that awaits it is resumed
// with the future's error as the outcome of its await.
func (f *futureCore) schedule(c Callback) {
	if t, ok := c.(*taskCore); ok {
		t.resume(f.err)
		return
	}
	f.sched.Schedule(c)
}

// removeCallback takes c out of the callbacks not yet scheduled, if it is
// there, and reports whether it was: a waiter that stopped waiting (Wait,
// AsCompleted) leaves nothing behind on the futures that are still pending.
// c must be comparable: a pointer.
func (f *futureCore) removeCallback(c Callback) bool {
	if f.done {
		return false
	}
	if f.first == c {
		f.first = nil
		if f.more != nil && len(*f.more) > 0 {
			f.first = (*f.more)[0]
			*f.more = slices.Delete(*f.more, 0, 1)
		}
		return true
	}
	if f.more != nil {
		if i := slices.Index(*f.more, c); i >= 0 {
			*f.more = slices.Delete(*f.more, i, i+1)
			return true
		}
	}
	return false
}

// DoneCallback is a function added to a Future, Task or Gathering by
// AddDoneCallback, to run once it is done; RemoveDoneCallback takes it back.
type DoneCallback struct{ fn func() }

// Run calls the function.
func (c *DoneCallback) Run() { c.fn() }

func (f *futureCore) addDoneCallback(fn func()) *DoneCallback {
	if fn == nil {
		panic("coro: AddDoneCallback(nil)")
	}
	c := &DoneCallback{fn}
	f.addCallback(c)
	return c
}

// complete records the outcome and schedules the callbacks. It reports false if
// the future was already done.
func (f *futureCore) complete(err error) bool {
	if f.done {
		return false
	}
	f.done, f.err = true, err
	if f.first != nil {
		f.schedule(f.first)
		if f.more != nil {
			for _, c := range *f.more {
				f.schedule(c)
			}
		}
		f.first, f.more = nil, nil
	}
	return true
}

func (f *futureCore) cancelled() bool { return f.done && onlyCancellation(f.err) }

// await is the wait of every future-like awaitable a: a task that awaits a
// done future goes on at once; otherwise it is woken by the future's
// callbacks. A task that is cancelled already when it awaits a pending future,
// and has not yet seen its cancellation, cancels it and fails once it has
// ended (bpo-34872): what it awaits is not left behind, whenever the
// cancellation came.
func (f *futureCore) await(t *taskCore, a Awaitable) (park bool, err error) {
	if !f.bind(t.fut.sched) {
		return false, fmt.Errorf("%w: %v belongs to another loop than the awaiting task %s", ErrWrongLoop, a, t.Name())
	}
	if f.done {
		if t.begin() {
			t.w.outcome = f.err
			return true, nil
		}
		return false, f.err
	}
	ce := t.cancelled()
	if ce != nil && !ce.seen {
		// The coroutine has not seen its cancellation yet: as in asyncio,
		// the cancellation goes on to what it awaits. Once seen, every
		// await fails at once and cancels nothing (level-triggered).
		f.addCallback(t)
		a.abort(t)
		return true, nil
	}
	if t.beginIn(ce) {
		return true, nil
	}
	f.addCallback(t)
	return true, nil
}

// Future is a result that arrives later: someone sets it, tasks await it. It
// belongs to the loop it was created for (NewFuture); awaiting it from a task
// of another loop fails with ErrWrongLoop. The zero Future is pending too, and
// belongs to the loop of the first task that awaits it; it takes done
// callbacks only once it has a loop. A Future is not safe for concurrent use:
// set it on the loop's goroutine (from another goroutine, through the loop's
// thread-safe call-soon).
type Future[T any] struct {
	futureCore
	value T
}

// NewFuture returns a pending future that belongs to the loop running the
// calling coroutine: asyncio's loop.create_future(). Set it from that loop's
// goroutine (from another goroutine, through the loop's thread-safe
// call-soon); await it from that loop's tasks.
func NewFuture[T any](yield Yield) *Future[T] {
	return &Future[T]{futureCore: futureCore{sched: running(yield, "NewFuture").fut.sched}}
}

// SetResult completes the future with v and wakes its waiters. It reports
// false, and changes nothing, if the future was already done.
func (f *Future[T]) SetResult(v T) bool {
	if f.done {
		return false
	}
	f.value = v
	return f.complete(nil)
}

// SetError completes the future with err, which must not be nil, and wakes its
// waiters. It reports false, and changes nothing, if the future was already
// done.
func (f *Future[T]) SetError(err error) bool {
	if err == nil {
		panic("coro: Future.SetError(nil); use SetResult")
	}
	return f.complete(err)
}

// Cancel completes the future with a CancelError carrying cause and wakes its
// waiters. It reports false if the future was already done.
func (f *Future[T]) Cancel(cause error) bool {
	return f.complete(&CancelError{Cause: cause})
}

// Done reports whether the future has completed.
func (f *Future[T]) Done() bool { return f.done }

// Cancelled reports whether the future completed by cancellation.
func (f *Future[T]) Cancelled() bool { return f.cancelled() }

// Result returns the future's value and error, or ErrNotDone before it is done.
func (f *Future[T]) Result() (T, error) {
	if !f.done {
		var zero T
		return zero, ErrNotDone
	}
	return f.value, f.err
}

// AddDoneCallback arranges for fn to run on the loop once the future is done,
// after the callbacks added before it; if it is done already, fn is scheduled
// at once. A panic in fn is reported by the loop and does not stop it. The
// result takes the callback back with RemoveDoneCallback. It panics on a zero
// Future that no task has awaited yet: it has no loop to run fn on.
func (f *Future[T]) AddDoneCallback(fn func()) *DoneCallback {
	if f.sched == nil {
		panic("coro: AddDoneCallback on a Future with no loop; make it with NewFuture")
	}
	return f.addDoneCallback(fn)
}

// RemoveDoneCallback takes back a callback added by AddDoneCallback, so that
// it does not run, and reports whether it did: false once the future is done
// (its callbacks are then scheduled already) or if c was never added to it.
func (f *Future[T]) RemoveDoneCallback(c *DoneCallback) bool {
	return f.removeCallback(c)
}

// Await suspends the calling task until the future is done and returns its
// result. It returns at once, with no switch, if the future is done already.
// If the task is cancelled meanwhile the future is cancelled too (as in
// asyncio) and Await returns the task's CancelError, unless the future failed
// with an error of its own first, which Await then returns.
func (f *Future[T]) Await(yield Yield) (T, error) {
	if !yield(f) {
		var zero T
		return zero, failure(yield)
	}
	if !f.done {
		foreignYield()
	}
	return f.value, nil
}

// foreignYield panics for an await that a yield reported done although
// nothing waited: the yield is not a loop's (a coroutine ranged over, or
// called with a function of its own), which would make Lock, Queue and
// Future awaits "succeed" without waiting.
func foreignYield() {
	panic("coro: an await returned without waiting: the coroutine was given a yield " +
		"that is not its task's (run coroutines on a loop: Spawn, Start, loop.Run)")
}

func (f *Future[T]) wait(t *taskCore) (bool, error) {
	if f == nil {
		return false, fmt.Errorf("%w: awaited a nil *Future", ErrNilCoroutine)
	}
	return f.await(t, f)
}

func (f *Future[T]) abort(t *taskCore) { f.Cancel(t.cancelled().Cause) }

// String describes the future for task dumps and deadlock reports.
func (f *Future[T]) String() string {
	return "Future[" + reflect.TypeFor[T]().String() + "]"
}
