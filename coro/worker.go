package coro

import "iter"

// worker is a parked iter.Pull coroutine that runs task bodies one after
// another. Creating a Pull costs a goroutine; switching into one costs tens of
// nanoseconds. A loop keeps finished workers in a bounded pool, so a short task
// pays for a switch, not for a goroutine.
type worker struct {
	next  func() (Awaitable, bool)
	stop  func()
	raw   Yield     // the Pull's own yield: a switch back to the loop
	yield Yield     // what task bodies get: w.await
	task  *taskCore // the task whose body runs now
	// running is set while the coroutine runs a step: a yield called when
	// it is not, from another coroutine or from none, was kept past its
	// task (or handed to another) and fails loudly instead of driving this
	// worker's next task.
	running bool
}

// finished is what a worker yields when its task's body has returned.
var finished Awaitable = new(probe)

func newWorker() *worker {
	w := new(worker)
	w.yield = w.await
	w.next, w.stop = iter.Pull(w.loop)
	return w
}

// loop is the worker's coroutine: it runs the body of the task it is given,
// reports it finished, and parks until the next task.
func (w *worker) loop(yield Yield) {
	w.raw = yield
	for {
		t := w.task
		t.body.run(w.yield)
		if t.abandoned {
			return // the loop is stopping this coroutine
		}
		if !yield(finished) {
			return // the pool is closing
		}
	}
}

// await is the yield a task body calls. Queries are answered, awaitables that
// are done go on at once, and only a real wait switches to the loop.
func (w *worker) await(a Awaitable) bool {
	t := w.task
	if t == nil || !w.running && !t.abandoned {
		panic("coro: a yield was called outside the step of its task (kept past the task's end, " +
			"or handed to another coroutine): a coroutine must use its own yield")
	}
	if t.abandoned {
		// The loop is closing. A coroutine that ignores the false and
		// keeps awaiting would keep Close from returning: after
		// spinLimit such yields it is unwound by a panic, which runs its
		// defers on the way out.
		if t.spins++; t.spins > spinLimit {
			panic(abandonment{})
		}
		return false
	}
	if q, ok := a.(*query); ok {
		return q.answer(t)
	}
	if a == nil {
		misuse(ErrNilCoroutine, "yielded a nil Awaitable")
	}
	if !a.wait(t) {
		return !t.abandoned
	}
	t.state = taskWaiting
	t.waitingOn = a
	if t.traced {
		t.noteYield()
	}
	if !w.raw(a) {
		t.abandoned = true
		t.spins = 0
		return false
	}
	t.waitingOn = nil
	if !t.failed {
		if t.cancelled() != nil {
			t.failed = true
		}
	}
	if t.failed {
		_, ok := a.(checked)
		return !ok
	}
	return true
}

// abandonment is the panic that unwinds a coroutine that keeps awaiting
// after its loop abandoned it at close.
type abandonment struct{}
