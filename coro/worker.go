package coro

import (
	"fmt"
	"iter"
)

// worker is a parked iter.Pull coroutine that runs task bodies one after
// another. Creating a Pull costs a goroutine; switching into one costs tens of
// nanoseconds. A loop keeps finished workers in a bounded pool, so a short task
// pays for a switch, not for a goroutine.
//
// A worker keeps no stop function: its coroutine ends by returning, when it
// is resumed with no task (end) or with its task abandoned, or when the pool
// is full, and a Pull whose sequence has returned needs no stop. So the
// closure iter.Pull makes for stop is garbage at once instead of 32 bytes
// kept by every worker.
type worker struct {
	next func() (Awaitable, bool)
	raw  Yield     // the Pull's own yield: a switch back to the loop
	task *taskCore // the task whose body runs now; its body gets its own yield (yieldOf), so that a kept yield names its task
	// The await state of that task, kept here rather than in every task,
	// since only a task with a coroutine awaits:
	outcome error  // what the awaitable that woke it gave (resume)
	held    error  // the failure of an await, until the coroutine takes it (failure)
	scope   *Scope // the innermost cancel scope its coroutine runs in
	// parked is the task's place in a WaitQueue while it waits in one: a
	// suspended task waits on one thing at a time, so a wait in a queue
	// allocates nothing.
	parked waiter
	// delay is the Sleep the task awaits: yielded by pointer, it is not
	// boxed into an interface on every await.
	delay Delay
}

// innermost returns the innermost cancel scope t's coroutine runs in, or nil.
func (t *taskCore) innermost() *Scope {
	if t.w == nil {
		return nil
	}
	return t.w.scope
}

// finished is what a worker yields when its task's body has returned.
var finished Awaitable = new(probe)

// newWorker starts a worker. Its coroutine, a closure rather than a method
// value, runs the body of the task it is given, reports it finished, and
// parks until the next task. Each frame between the Pull and the user's code
// takes room from the 2 KiB a coroutine's stack starts with, so there are as
// few as can be: a method value would add its wrapper's.
func newWorker() *worker {
	w := new(worker)
	w.next, _ = iter.Pull(func(yield Yield) {
		w.raw = yield
		for {
			t := w.task
			if t == nil {
				return // ended (end)
			}
			t.body.run(t.yieldOf())
			if t.abandoned {
				return // the loop is closing (abandon)
			}
			if !t.fut.sched.Tasks().keeps() {
				// The pool is full: the coroutine ends with its task,
				// which saves the switch back into it that ending it
				// later would cost.
				return
			}
			yield(finished) // parked in the pool until the next task, or the end
		}
	})
	return w
}

// end ends the coroutine of an idle worker: resumed with no task, it
// returns.
func (w *worker) end() { w.next() }

// yieldFor returns t's yield, the one a task's body calls: the one await
// protocol. The awaitable's wait either completes the await at once (no
// switch) or parks the task until it is woken; either way the outcome is
// decided here, and a failure is held for the coroutine to take (see
// Awaitable).
//
// The yield is a closure whose one captured variable is t, so that the task
// can be found from it (yieldtask.go), and whose code is the await itself:
// a method value t.await would call it through a wrapper, one more frame
// on the coroutine's stack at every suspension. It is not inlined, so that
// every task's yield has the same code.
//
//go:noinline
func yieldFor(t *taskCore) Yield {
	return func(a Awaitable) bool {
		w := t.check()
		if t.abandoned {
			return t.abandonedAwait(a)
		}
		if a == nil {
			return t.fail(errNilAwaitable)
		}
		park, err := a.wait(t)
		if !park {
			if err != nil {
				return t.fail(err)
			}
			return !t.abandoned // an inline Func or Coroutine can see the loop abandon the task
		}
		t.state = taskWaiting
		t.waitingOn = a
		if t.traced {
			t.noteYield()
		}
		w.raw(a)
		if t.abandoned { // resumed by the loop's close (abandon), not by a wake-up
			t.spins = 0
			return t.fail(t.cancelErr)
		}
		t.waitingOn = nil
		if err := t.resumed(); err != nil {
			return t.fail(err)
		}
		return true
	}
}

// check returns the worker running t, and panics if t's yield is called
// outside t's step: kept past the task's end (a closure that outlived it,
// called even in a later task that its pooled worker runs), or handed to
// another coroutine, as iter's yield panics when called after it returned
// false.
func (t *taskCore) check() *worker {
	w := t.w
	if w == nil || w.task != t || !t.running && !t.abandoned {
		panic("coro: a yield was called outside the step of its task (kept past the task's end, " +
			"or handed to another coroutine): a coroutine must use its own yield")
	}
	return w
}

// take gives w to t.
func (w *worker) take(t *taskCore) {
	w.task = t
	t.w = w
}

// inliner is an awaitable whose code runs inline in the awaiting task and
// never waits itself: a Coroutine or a Func.
type inliner interface {
	Awaitable
	inline()
}

// errNilAwaitable is the failure of yield(nil).
var errNilAwaitable = fmt.Errorf("%w: yielded a nil Awaitable", ErrNilCoroutine)

// abandonedAwait is an await of a task the loop has abandoned at close: it
// fails, but for an inquiry. A coroutine that ignores the false and keeps
// awaiting would keep Close from returning: after spinLimit such yields it is
// unwound by a panic, which runs its defers on the way out.
func (t *taskCore) abandonedAwait(a Awaitable) bool {
	switch a.(type) {
	case inquiry:
		a.wait(t)
		return true
	case inliner:
		// A Coroutine or Func never waits itself: its code runs (a
		// cleanup in a defer, say), and its own awaits fail.
		if _, err := a.wait(t); err != nil {
			return t.fail(err)
		}
		return true
	}
	if t.spins++; t.spins > spinLimit {
		panic(abandonment{t.Name()})
	}
	return t.fail(t.cancelErr)
}

// abandonment is the panic that unwinds a coroutine that keeps awaiting
// after its loop abandoned it at close: a broken contract (yield returned
// false, and the coroutine must return), not control flow.
type abandonment struct{ task string }

func (a abandonment) String() string {
	return "coro: task " + a.task + " kept awaiting after its loop abandoned it at close " +
		"(every yield returned false): unwound"
}
