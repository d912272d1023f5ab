package coro

import (
	"github.com/corio-go/corio/internal/list"

	"errors"
	"fmt"
)

// maxIdleWorkers bounds the pool of parked coroutines a loop keeps for reuse.
// It is large, so that a burst of a hundred thousand tasks finds the
// coroutines of the previous one, and bounded, so that a burst of millions
// does not keep their stacks (a few KiB each) until TrimIdle stops them, which
// it does once they have gone unused for a while.
var maxIdleWorkers = 1 << 17 // a variable for the tests of a full pool

// TaskSet is the bookkeeping coro keeps for one loop: its live tasks, in the
// order they were started, and its pool of parked coroutines. A loop holds one
// and returns it from Scheduler.Tasks; the zero TaskSet is ready to use. Its
// methods are for the loop, on the loop's goroutine.
type TaskSet struct {
	live     list.List[taskCore, *taskCore] // in the order they started
	ids      uint64
	idle     []*worker
	lowIdle  int // the fewest idle workers since the last TrimIdle
	closed   bool
	instr    Instrument
	unseen   []*taskCore           // failed tasks whose outcome nobody had asked for when they ended
	yieldPCs map[*taskCore]uintptr // where watched tasks last suspended
	current  *taskCore             // the task whose step runs, while an instrument watches
	// contexts are the contexts handed out by TaskContext, by task.
	contexts  map[*taskCore]taskContext
	onSpin    func(t TaskRef, site string, cancel *CancelError)
	onLost    func(t TaskRef)
	cancelNew error // set by CancelNew
}

// OnSpin sets the function told about a task that keeps awaiting after it
// was cancelled: spinLimit awaits in a row have failed (a retry loop that
// ignores the error is the usual case). It gets the task, where its coroutine
// awaits ("function (file.go:line)") and the cancellation, once per run of
// failures. The loop reports it, and a loop on a virtual clock, whose time
// cannot advance while the task spins, ends its run with an error.
func (s *TaskSet) OnSpin(fn func(t TaskRef, site string, cancel *CancelError)) { s.onSpin = fn }

func (s *TaskSet) spun(t *taskCore, cancel *CancelError) {
	if s.onSpin != nil {
		s.onSpin(TaskRef{t}, frameName(callerOutside()), cancel)
	}
}

func (s *TaskSet) add(t *taskCore) {
	s.ids++
	t.id = s.ids
	s.live.PushBack(t)
}

func (s *TaskSet) remove(t *taskCore) {
	if !s.live.Remove(t) {
		return
	}
	delete(s.yieldPCs, t)
	if tc, ok := s.contexts[t]; ok { // the task's context ends with it
		delete(s.contexts, t)
		tc.cancel(t.cancelCause())
	}
}

func (s *TaskSet) worker() *worker {
	if n := len(s.idle); n > 0 {
		w := s.idle[n-1]
		s.idle[n-1] = nil
		s.idle = s.idle[:n-1]
		s.lowIdle = min(s.lowIdle, n-1)
		return w
	}
	s.lowIdle = 0
	return newWorker()
}

// keeps reports whether a worker whose task has ended goes back to the
// pool; if not, its coroutine ends with the task (newWorker).
func (s *TaskSet) keeps() bool { return len(s.idle) < maxIdleWorkers && !s.closed }

// release takes back the worker of a task that has ended, which keeps
// said it would.
func (s *TaskSet) release(w *worker) {
	w.task, w.outcome, w.held, w.scope = nil, nil, nil, nil
	s.idle = append(s.idle, w)
}

// TrimIdle stops the pooled coroutines that no task has needed since the
// previous call, so that the pool follows the loop's recent demand: after a
// burst of tasks it shrinks back within two calls. A loop calls it now and
// then (package loop: about once a second of its clock).
func (s *TaskSet) TrimIdle() {
	unused := s.lowIdle // the bottom of the stack, not taken since the last trim
	for _, w := range s.idle[:unused] {
		w.end()
	}
	n := copy(s.idle, s.idle[unused:])
	clear(s.idle[n:])
	s.idle = s.idle[:n]
	s.lowIdle = n
}

// Idle returns the number of parked coroutines kept for reuse.
func (s *TaskSet) Idle() int { return len(s.idle) }

// Len returns the number of live tasks: started and not yet done.
func (s *TaskSet) Len() int { return s.live.Len() }

// CancelAll cancels every live task with cause, in the order they were
// started, and returns how many it cancelled.
func (s *TaskSet) CancelAll(cause error) int {
	n := 0
	for t := s.live.Front(); t != nil; {
		next := s.live.Next(t) // cancelling may end t
		if t.cancel(cause) {
			n++
		}
		t = next
	}
	return n
}

// CancelNew makes every task started from now on cancelled at once with
// cause, before its first step: what a loop does while it shuts down, so that
// a cleanup that starts a task does not keep the shutdown waiting for it.
func (s *TaskSet) CancelNew(cause error) { s.cancelNew = cause }

// Close abandons the live tasks and stops the pooled coroutines; afterwards a
// started task completes at once with ErrClosed. A task suspended in its
// coroutine is resumed with yield returning false, so its defers run; its
// callbacks are not run. It returns the tasks whose coroutine panicked on its
// way out (a deferred call), which end with that panic's *PanicError for the
// loop to report. Close must not be called from inside a step.
func (s *TaskSet) Close() (panicked []TaskRef) {
	s.closed = true
	for s.live.Len() > 0 {
		t := s.live.Front()
		// The loop's close is the task's cancellation now, whatever came
		// before: its coroutine's awaits, and its TaskContext, end with it.
		t.cancelErr = &CancelError{Cause: ErrClosed}
		s.remove(t)
		if t.abandon() {
			panicked = append(panicked, TaskRef{t})
		}
	}
	for _, w := range s.idle {
		w.end()
	}
	s.idle = nil
	return panicked
}

// abandon stops t's coroutine at close and completes t as cancelled by
// ErrClosed, or with the panic its coroutine raised on its way out, and then
// reports true.
func (t *taskCore) abandon() (panicked bool) {
	err := error(t.cancelErr) // Close made it the task's cancellation
	if t.w != nil {
		t.abandoned = true
		w := t.w
		w.next()               // the suspended await fails (the task is abandoned); the body returns
		w.task, t.w = nil, nil // a yield kept past this panics
		var pe *PanicError
		if errors.As(t.fut.err, &pe) { // what the body's run recorded
			err, panicked = pe, true
		}
	}
	t.state = taskDone
	t.waitingOn = nil
	t.body.complete(err)
	if t.traced {
		if in := t.fut.sched.Tasks().instr; in != nil {
			in.TaskExited(TaskRef{t}, t.fut.err)
		}
	}
	return panicked
}

// describe names an awaitable for reports and dumps.
func describe(a Awaitable) string {
	if s, ok := a.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", a)
}
