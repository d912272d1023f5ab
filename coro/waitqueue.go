package coro

import (
	"fmt"

	"github.com/corio-go/corio/internal/list"
)

// WaitQueue is a first-in-first-out queue of suspended tasks, trio's parking
// lot: the one waiting mechanism under Queue and the other primitives. A task
// parks with Wait; WakeOne resumes the task that has waited longest.
//
// A wake-up is never lost: a task that is cancelled after it was woken but
// before it ran passes the wake-up on to the next waiter, so a primitive that
// wakes one waiter per item or permit loses neither. Cancelling a parked task
// takes it out of the queue at once.
//
// The zero WaitQueue is empty and ready to use. It belongs to the loop of the
// first task that waits in it; a task of another loop that waits fails with
// ErrWrongLoop. Use it on that loop's goroutine.
type WaitQueue struct {
	parked list.List[waiter, *waiter]
	sched  Scheduler
}

// waiter is a task parked in a WaitQueue: it is also the request Wait yields.
// Each worker holds one for the task it runs (worker.parked).
type waiter struct {
	q     *WaitQueue
	t     *taskCore
	links list.Links[waiter]
	woken bool // taken out of the queue by a wake-up, not by a cancellation
}

// Links returns the waiter's links in its queue.
func (w *waiter) Links() *list.Links[waiter] { return &w.links }

// Len returns the number of parked tasks.
func (q *WaitQueue) Len() int { return q.parked.Len() }

// Wait parks the calling task until a WakeOne or WakeAll reaches it. It
// returns the task's CancelError if the task is cancelled first (or already
// was); a wake-up it received meanwhile goes to the next waiter.
func (q *WaitQueue) Wait(yield Yield) error {
	woken, err := q.park(yield)
	if err != nil && woken {
		q.WakeOne()
	}
	return err
}

// park is Wait for the primitives that hand something over with a wake-up (a
// lock, a permit): it reports whether a wake-up reached the task, so that when
// the task was cancelled too the primitive can pass on what it was handed.
func (q *WaitQueue) park(yield Yield) (woken bool, err error) {
	var w *waiter
	if t := ownerOf(yield); t != nil && t.w != nil {
		w = &t.w.parked // free: the task waits on nothing else while it runs
		w.q = q
	} else { // a yield wrapped by the user, or not a loop's
		w = &waiter{q: q}
	}
	ok := yield(w)
	q.parked.Remove(w) // if the task was abandoned while parked
	woken = w.woken
	*w = waiter{}
	if ok {
		if !woken {
			foreignYield()
		}
		return true, nil
	}
	return woken, failure(yield)
}

// WakeOne resumes the task that has waited longest, and reports whether there
// was one. The task runs in a later step, in the order of the wake-ups.
func (q *WaitQueue) WakeOne() bool {
	w := q.parked.Front()
	if w == nil {
		return false
	}
	q.parked.Remove(w)
	w.woken = true
	w.t.wake()
	return true
}

// WakeAll resumes every parked task, in the order they parked, and returns how
// many there were.
func (q *WaitQueue) WakeAll() int {
	n := 0
	for q.WakeOne() {
		n++
	}
	return n
}

func (w *waiter) wait(t *taskCore) (bool, error) {
	q := w.q
	if q.sched == nil {
		q.sched = t.fut.sched
	} else if q.sched != t.fut.sched {
		return false, fmt.Errorf("%w: a WaitQueue belongs to another loop than the waiting task %s", ErrWrongLoop, t.Name())
	}
	if t.begin() {
		return true, nil
	}
	w.t = t
	q.parked.PushBack(w)
	return true, nil
}

// abort takes the cancelled task out of the queue and wakes it, unless a
// wake-up took it out first; it is then already on its way.
func (w *waiter) abort(t *taskCore) {
	if w.q.parked.Remove(w) {
		t.wake()
	}
}

// String describes the wait for task dumps.
func (w *waiter) String() string { return "WaitQueue" }

// ready is an await that is done at once: what a primitive yields when it
// need not wait (a set Event, a free Lock), so that a cancelled task still
// fails there, one turn later, as at every await.
type ready struct{}

func (ready) wait(t *taskCore) (bool, error) { return t.begin(), nil }
func (ready) abort(*taskCore)                {}
func (ready) String() string                 { return "ready" }

// now completes an await that need not wait: nil, or the task's cancellation.
func now(yield Yield) error {
	if !yield(ready{}) {
		return failure(yield)
	}
	return nil
}
