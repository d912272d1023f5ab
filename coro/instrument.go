package coro

import (
	"github.com/corio-go/corio/internal/stack"

	"fmt"
	"path/filepath"
	"runtime"
)

// Instrument observes the tasks of a loop, as trio's Instrument does: what
// draws sequence diagrams, writes traces and finds slow steps is built on it.
// A loop calls its methods on the loop's goroutine, around its tasks' steps;
// they must be quick and must not await. Install one with the loop's
// WithInstrument option (TaskSet.SetInstrument); with none, the hooks cost a
// flag test.
type Instrument interface {
	// TaskSpawned is called when t is started, by the task parent (zero when
	// started from outside a task: Start, Run).
	TaskSpawned(t, parent TaskRef)
	// TaskScheduled is called when t, suspended, is woken: its next step is
	// in the ready queue.
	TaskScheduled(t TaskRef)
	// StepStarted is called before each step of t.
	StepStarted(t TaskRef)
	// StepEnded is called after each step of t: it now awaits something
	// (t.Awaiting) or has ended (TaskExited follows).
	StepEnded(t TaskRef)
	// TaskExited is called when t has ended, with its error.
	TaskExited(t TaskRef, err error)
}

// TaskRef identifies a task to an Instrument. The zero TaskRef is no task.
type TaskRef struct{ t *taskCore }

// IsZero reports whether r is no task.
func (r TaskRef) IsZero() bool { return r.t == nil }

// Name returns the task's name.
func (r TaskRef) Name() string { return r.t.Name() }

// SetName renames the task (asyncio's Task.set_name).
func (r TaskRef) SetName(name string) { r.t.name = &name }

// Cancel cancels the task as Task.Cancel does, and reports whether this call
// did.
func (r TaskRef) Cancel(cause error) bool { return r.t.cancel(cause) }

// ID returns the task's number on its loop, from 1 in the order started.
func (r TaskRef) ID() uint64 { return r.t.id }

// Awaiting describes what the task is suspended on, or "" if it is not.
func (r TaskRef) Awaiting() string {
	if r.t.waitingOn == nil || r.t.state != taskWaiting {
		return ""
	}
	return describe(r.t.waitingOn)
}

// AwaitingTask returns the task that the task awaits, if it awaits a task.
func (r TaskRef) AwaitingTask() (TaskRef, bool) {
	if r.t.state != taskWaiting {
		return TaskRef{}, false
	}
	if c, ok := r.t.waitingOn.(interface{ taskCore() *taskCore }); ok {
		return TaskRef{c.taskCore()}, true
	}
	return TaskRef{}, false
}

// Done reports whether the task has ended.
func (r TaskRef) Done() bool { return r.t.state == taskDone }

// YieldedAt returns where in its code the task last suspended ("function
// (file.go:line)"), when an Instrument watches it; "" otherwise.
func (r TaskRef) YieldedAt() string {
	return frameName(r.t.fut.sched.Tasks().yieldPCs[r.t])
}

// frameName formats the code at pc as "function (file.go:line)"; "" for 0.
func frameName(pc uintptr) string {
	if pc == 0 {
		return ""
	}
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	return fmt.Sprintf("%s (%s:%d)", f.Function, filepath.Base(f.File), f.Line)
}

// noteYield records where t's coroutine suspends.
func (t *taskCore) noteYield() {
	set := t.fut.sched.Tasks()
	if pc := callerOutside(); pc != 0 {
		if set.yieldPCs == nil {
			set.yieldPCs = map[*taskCore]uintptr{}
		}
		set.yieldPCs[t] = pc
	}
}

// callerOutside returns the first caller outside this package on the
// calling goroutine's stack (a coroutine's: where its code awaits), or 0.
func callerOutside() uintptr {
	f, _ := stack.Outside(1, corePrefix)
	return f.PC
}

// corePrefix begins the names of this package's functions.
var corePrefix = stack.Prefix(Sleep)

// State returns "created", "running", "waiting" or "done".
func (r TaskRef) State() string { return r.t.state.String() }

// Err returns the task's error once it is done.
func (r TaskRef) Err() error { return r.t.fut.err }

// Seen reports whether anything asked for the task's outcome: an await, a
// Result, a done callback, a gather or a wait. A failed task never seen lost
// its error.
func (r TaskRef) Seen() bool { return r.t.seen }

func (t *Task[T]) taskCore() *taskCore { return &t.core }

// SetInstrument installs in to observe the tasks started from now on (nil
// removes it). A loop calls it for its WithInstrument option.
func (s *TaskSet) SetInstrument(in Instrument) { s.instr = in }

// Unseen returns the tasks that failed while nothing had asked for their
// outcome, and still nothing has: errors that would be lost. The loop
// reports them when it closes.
func (s *TaskSet) Unseen() []TaskRef {
	s.pruneUnseen()
	out := make([]TaskRef, len(s.unseen))
	for i, t := range s.unseen {
		out[i] = TaskRef{t}
	}
	return out
}

// maxUnseen bounds the failed tasks a loop keeps to report at close: a
// program that fails fire-and-forget tasks for hours keeps at most this many
// (a task with its error, often a PanicError's stack, is a few KiB).
const maxUnseen = 1024

// OnLost sets the function told about a failed task that nothing has asked
// about yet when the loop stops keeping it for Close to report, as more than
// maxUnseen such tasks pile up. The loop reports it then; something may still
// await it later.
func (s *TaskSet) OnLost(fn func(t TaskRef)) { s.onLost = fn }

// keepUnseen keeps t, which failed with nothing asking for its outcome, to
// report at close; past maxUnseen, the oldest still unseen is given up on
// and reported now.
func (s *TaskSet) keepUnseen(t *taskCore) {
	if len(s.unseen) >= maxUnseen {
		s.pruneUnseen()
	}
	if len(s.unseen) >= maxUnseen {
		oldest := s.unseen[0]
		copy(s.unseen, s.unseen[1:])
		s.unseen[len(s.unseen)-1] = nil
		s.unseen = s.unseen[:len(s.unseen)-1]
		if s.onLost != nil {
			s.onLost(TaskRef{oldest})
		}
	}
	s.unseen = append(s.unseen, t)
}

// pruneUnseen forgets the tasks whose outcome was asked for after all.
func (s *TaskSet) pruneUnseen() {
	kept := s.unseen[:0]
	for _, t := range s.unseen {
		if !t.seen {
			kept = append(kept, t)
		}
	}
	clear(s.unseen[len(kept):])
	s.unseen = kept
}

// Refs returns the live tasks, in the order they started.
func (s *TaskSet) Refs() []TaskRef {
	out := make([]TaskRef, 0, s.live.Len())
	for t := s.live.Front(); t != nil; t = s.live.Next(t) {
		out = append(out, TaskRef{t})
	}
	return out
}
