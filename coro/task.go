package coro

import (
	"github.com/corio-go/corio/internal/list"

	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"strconv"

	"github.com/corio-go/corio/timer"
)

type taskState uint8

const (
	taskNew     taskState = iota // not started on a loop
	taskCreated                  // first step scheduled, body not yet run
	taskRunning                  // its step is running
	taskWaiting                  // suspended on an awaitable
	taskDone
)

var stateNames = [...]string{"new", "created", "running", "waiting", "done"}

func (s taskState) String() string { return stateNames[s] }

// runner is the typed half of a task: it runs the coroutine and completes the
// task's future with what it returned.
type runner interface {
	run(yield Yield)
	complete(err error)
}

// taskCore is the untyped half of a task: its place in the loop and the state
// of its coroutine. It is the Callback the loop runs for each of its steps.
type taskCore struct {
	fut       futureCore // the task's outcome; fut.sched is the loop it runs on
	body      runner
	w         *worker // the parked coroutine running the body; nil before the first step and after the last
	name      *string // nil: "Task-<id>", formatted only when asked
	id        uint64
	state     taskState
	woken     bool   // suspended, and its next step is scheduled: a cancellation has nothing to abort
	traced    bool   // an Instrument watches it
	seen      bool   // its outcome was asked for: awaited, Result, a callback, a gather
	abandoned bool   // the loop stopped the coroutine at close: every yield returns false
	running   bool   // its coroutine runs a step: a yield called when not was kept, or handed to another coroutine (check)
	spins     uint16 // awaits failed in a row, by cancellation or abandonment (up to spinLimit+1)

	waitingOn Awaitable    // what the task is suspended on, for cancel and reports
	cancelErr *CancelError // the task's own cancellation

	sleep timer.Timer[Callback] // the timer of Sleep, embedded so that sleeping allocates nothing

	live list.Links[taskCore] // in the TaskSet's list of live tasks
	self methodValue          // the closure of the task's own yield (yieldtask.go)
}

// Links returns the task's links in its TaskSet's list of live tasks.
func (t *taskCore) Links() *list.Links[taskCore] { return &t.live }

// Name returns the task's name.
func (t *taskCore) Name() string {
	if t.name == nil {
		return "Task-" + strconv.FormatUint(t.id, 10)
	}
	return *t.name
}

// begin starts an await in t. Cancellation is level-triggered: every await
// of a cancelled task fails, after one loop turn, so that a coroutine that
// ignores its cancellation still lets the loop run and close. For a
// cancelled task begin wakes t at once and reports park true; the
// cancellation is the outcome when it resumes.
//
// A coroutine that keeps awaiting once cancelled (a retry loop that ignores
// the error) would spin for ever; after spinLimit failed awaits in a row the
// loop is told, once, so that it can report the task.
func (t *taskCore) begin() (park bool) { return t.beginIn(t.cancelled()) }

// beginIn is begin, given the cancellation in force, which the caller has
// looked up already.
func (t *taskCore) beginIn(err *CancelError) (park bool) {
	if err == nil {
		t.spins = 0
		return false
	}
	if t.spins < spinLimit+1 { // saturates: the report comes once per run of failures
		t.spins++
	}
	if t.spins == spinLimit {
		t.fut.sched.Tasks().spun(t, err)
	}
	t.wake()
	return true
}

// spinLimit is how many awaits in a row may fail for a cancelled task before
// the loop reports it as spinning: far more than any cleanup makes.
const spinLimit = 10_000

// cancelled returns the cancellation in force where t's coroutine runs now:
// that of the outermost cancelled scope around it, looking no further out
// than the first shield, and t's own (the outermost scope of all) if no shield
// stands between; nil if there is none. The outermost wins, as in trio: when
// nested scopes are cancelled at once (two timeouts with the same deadline),
// only the outer one catches the cancellation, and the inner sees it pass.
func (t *taskCore) cancelled() *CancelError {
	var found *CancelError
	for s := t.innermost(); s != nil; s = s.parent {
		if s.err != nil {
			found = s.err
		}
		if s.shield {
			return found
		}
	}
	if t.cancelErr != nil {
		return t.cancelErr
	}
	return found
}

// resumed returns the outcome of the await t has just been woken from. This
// is the one place where a wake-up and a cancellation meet, and the rule is
// asyncio's: a cancellation in force when the task resumes wins over the
// wake-up, even one that came first (a future's result is then not
// returned; a primitive that handed the task something, a lock or a permit,
// passes it on). The awaited thing's own failure wins over the
// cancellation: an error is never hidden behind a cancellation.
func (t *taskCore) resumed() error {
	t.woken = false
	err := t.w.outcome
	t.w.outcome = nil
	if ce := t.cancelled(); ce != nil && (err == nil || onlyCancellation(err)) {
		return ce
	}
	return err
}

// fail records err as the failure of the current await, held for the
// coroutine to take, and returns false, which yield returns. A cancellation
// it fails with has been seen by the coroutine. A failure the coroutine has
// not taken (a bare yield it ignored) is kept beside the new one, so that
// neither is lost.
func (t *taskCore) fail(err error) bool {
	if ce, ok := err.(*CancelError); ok {
		ce.seen = true
	}
	switch {
	case t.w.held == nil:
		t.w.held = err
	case !errors.Is(t.w.held, err): // the same cancellation, failing again, is kept once
		t.w.held = errors.Join(t.w.held, err)
	}
	return false
}

// inline runs body, a coroutine's code run inline in t (a task's main, an
// awaited Coroutine or Func, a scope's body), and returns its error. A
// failure of an await inside body that body did not take (it yielded bare
// and returned on false) propagates out of it, as an exception out of a
// Python await nobody wraps in try: it is body's error, or joins it. A
// failure held from before body is left for the boundary around.
func (t *taskCore) inline(body func() error) (err error) {
	prev := t.w.held
	t.w.held = nil
	defer t.restoreHeld(prev, &err) // also when body panics and a caller recovers
	return body()
}

// restoreHeld ends an inline body: the failure held from before it, prev,
// is held again, and the one the body left untaken joins its error, *err.
func (t *taskCore) restoreHeld(prev error, err *error) {
	held := t.w.held
	t.w.held = prev
	*err = withHeld(*err, held)
}

// withHeld returns err, the error a coroutine returned, with held, a failure
// it did not take, propagated out of it: held if err is nil, both if held is
// a failure err does not hold already.
func withHeld(err, held error) error {
	switch {
	case held == nil:
	case err == nil:
		return held
	case !onlyCancellation(held) && !errors.Is(err, held):
		return errors.Join(err, held)
	}
	return err
}

// interrupt ends t's current wait if a cancellation now reaches it: the thing
// awaited is aborted, which wakes t, and the await fails. A task already woken
// has nothing to abort: the cancellation is found when it resumes.
func (t *taskCore) interrupt() {
	if t.state != taskWaiting || t.woken || t.waitingOn == nil || t.cancelled() == nil {
		return
	}
	t.waitingOn.abort(t)
}

// wake schedules the next step of t, which is suspended; the await succeeds
// unless a cancellation is in force when it resumes.
func (t *taskCore) wake() {
	if t.state == taskDone { // abandoned at close: nothing to resume
		return
	}
	if t.woken {
		panic("coro: broken invariant: task " + t.Name() + " woken twice for one await")
	}
	t.woken = true
	if t.traced {
		t.fut.sched.Tasks().instr.TaskScheduled(TaskRef{t})
	}
	t.fut.sched.Schedule(t)
}

// resume wakes t with outcome as the result of its await: trio's
// reschedule(task, outcome).
func (t *taskCore) resume(outcome error) {
	if t.w != nil { // not when the task was abandoned at close meanwhile
		t.w.outcome = outcome
	}
	t.wake()
}

// Run runs one step of the task: the loop calls it from the ready queue.
func (t *taskCore) Run() {
	switch t.state {
	case taskWaiting:
	case taskCreated:
		if t.cancelErr != nil { // cancelled before it ran: the body never starts
			t.finish(t.cancelErr)
			return
		}
		t.fut.sched.Tasks().worker().take(t)
	default:
		return
	}
	t.state = taskRunning
	if t.traced {
		t.tracedStep()
		return
	}
	w := t.w
	t.running = true
	a, more := w.next()
	t.running = false
	if more && a != finished {
		return // suspended: the awaitable wakes it
	}
	t.w = nil
	if more { // else the coroutine has ended with the task: the pool is full
		t.fut.sched.Tasks().release(w)
	}
	t.finish(nil)
}

// tracedStep is a step of a task an Instrument watches.
func (t *taskCore) tracedStep() {
	set := t.fut.sched.Tasks()
	in, ref := set.instr, TaskRef{t}
	set.current = t
	in.StepStarted(ref)
	w := t.w
	t.running = true
	a, more := w.next()
	t.running = false
	set.current = nil
	in.StepEnded(ref)
	if more && a != finished {
		return
	}
	t.w = nil
	if more {
		set.release(w)
	}
	t.finish(nil)
}

// finish ends the task: err overrides the outcome the body recorded (used when
// the body never ran).
func (t *taskCore) finish(err error) {
	t.state = taskDone
	t.waitingOn = nil
	set := t.fut.sched.Tasks()
	set.remove(t)
	t.body.complete(err)
	if e := t.fut.err; e != nil && !t.seen && !onlyCancellation(e) {
		set.keepUnseen(t) // reported at close unless seen by then
	}
	if t.traced {
		if in := t.fut.sched.Tasks().instr; in != nil {
			in.TaskExited(TaskRef{t}, t.fut.err)
		}
	}
}

// cancel requests the cancellation of t and reports whether this call did.
func (t *taskCore) cancel(cause error) bool {
	if t.state == taskDone || t.cancelErr != nil {
		return false
	}
	t.cancelErr = &CancelError{Cause: cause}
	if tc, ok := t.fut.sched.Tasks().contexts[t]; ok {
		tc.cancel(t.cancelErr)
	}
	t.interrupt()
	return true
}

// Task is a coroutine scheduled on a loop: it runs concurrently with other
// tasks and completes with its coroutine's result. Create one with Spawn
// (inside a coroutine) or Start (from the loop's side). A Task may be awaited
// from any number of tasks of its loop; all get the result.
//
// A Task is not safe for concurrent use: call its methods on the loop's
// goroutine.
type Task[T any] struct {
	core  taskCore
	value T
	main  Awaiter[T]
}

// TaskOption configures a task at Spawn or Start.
type TaskOption func(*taskCore)

// WithName names the task. The default is asyncio's "Task-N", N counting the
// tasks of its loop from 1 (the main task of loop.Run is Task-1), so that a
// ported program that prints task names prints the same ones; asyncio counts
// over the whole process instead, which a program with one loop cannot tell.
func WithName(name string) TaskOption {
	return func(t *taskCore) { t.name = &name }
}

func newTask[T any](main Awaiter[T], opts []TaskOption) *Task[T] {
	t := &Task[T]{main: main}
	t.core.body = t
	for _, o := range opts {
		o(&t.core)
	}
	return t
}

// Spawn starts main as a new task on the loop running the calling coroutine and
// returns it: asyncio.create_task. The task's first step runs after the
// current step, behind every callback already ready. Await the task to get its
// result; a task nobody awaits still runs to completion.
//
// main may be a Func, a Coroutine, or any Awaiter (a task spawned around a
// Future completes with it, one around a Sleep sleeps). A nil main gives a
// task that fails with ErrNilCoroutine. Spawn must be called from a
// coroutine that a loop runs, with its own yield; elsewhere it panics, as a
// yield called outside its task's step does. When the loop is abandoning the
// caller at close, the task is done at once, cancelled with ErrClosed.
func Spawn[T any](yield Yield, main Awaiter[T], opts ...TaskOption) *Task[T] {
	caller := running(yield, "Spawn")
	t := newTask(main, opts)
	if caller.abandoned { // the loop is abandoning the caller: the task never runs
		t.core.state = taskDone
		t.core.fut.done, t.core.fut.err = true, &CancelError{Cause: ErrClosed}
		return t
	}
	t.start(caller.fut.sched)
	return t
}

// Start starts main as a new task on the loop s, from outside any coroutine:
// before the loop runs, or in a callback on the loop's goroutine. If the loop
// is closed the task completes at once with ErrClosed. It is the loop's side
// of Spawn: user code calls loop.Start, which gives it the loop's Scheduler.
func Start[T any](s Scheduler, main Awaiter[T], opts ...TaskOption) *Task[T] {
	t := newTask(main, opts)
	t.start(s)
	return t
}

func (t *Task[T]) start(s Scheduler) {
	c := &t.core
	c.fut.sched = s
	set := s.Tasks()
	if set.closed {
		c.state = taskDone
		c.fut.complete(&CancelError{Cause: ErrClosed})
		return
	}
	set.add(c)
	c.state = taskCreated
	if set.instr != nil {
		c.traced = true
		set.instr.TaskSpawned(TaskRef{c}, TaskRef{set.current})
	}
	s.Schedule(c)
	if set.cancelNew != nil { // the loop is shutting down: it never runs
		c.cancel(set.cancelNew)
	}
}

// run runs the coroutine on the worker's stack; a panic becomes the task's
// error.
func (t *Task[T]) run(yield Yield) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case abandonment:
			t.core.fut.err = t.core.cancelErr
		default:
			t.core.fut.err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	c := &t.core
	var v T
	var err error
	// A Func or a Coroutine is called here, not through its Await: on the
	// coroutine's stack, every frame between the worker and the user's code
	// takes room from the 2 KiB the stack starts with, and a stack that
	// outgrows them doubles (see bench/doc.go, "Where the time goes").
	switch main := any(t.main).(type) {
	case nil:
		t.core.fut.err = ErrNilCoroutine
		return
	case Func[T]:
		if main == nil {
			err = ErrNilCoroutine // as Func.Await
			break
		}
		v, err = main(yield)
	case Coroutine:
		if main == nil {
			err = errNilCoroutine // as an await of it
			break
		}
		main(yield)
		// A Coroutine returns no error, so it cannot hide the cancellation
		// in force when it returns (Coroutine.wait).
		if c.w.held == nil {
			if ce := c.cancelled(); ce != nil {
				ce.seen = true
				err = ce
			}
		}
	default:
		v, err = t.main.Await(yield)
	}
	// The task's main is the outermost boundary: a failure its coroutine
	// did not take propagates out of it (inline).
	err = withHeld(err, c.w.held)
	c.w.held = nil
	switch {
	case c.abandoned && err == nil:
		err = c.cancelErr
	case err == nil && c.cancelErr != nil && !c.cancelErr.seen:
		// Cancelled after its last await: the coroutine never saw it, so the
		// task ends cancelled, as asyncio's does.
		err = c.cancelErr
	}
	t.value, c.fut.err = v, err
}

func (t *Task[T]) complete(err error) {
	if err == nil {
		err = t.core.fut.err
	}
	t.core.fut.err = nil
	if err != nil {
		var zero T
		t.value = zero
	}
	t.core.fut.complete(err)
}

// Name returns the task's name.
func (t *Task[T]) Name() string { return t.core.Name() }

// SetName renames the task (asyncio's Task.set_name).
func (t *Task[T]) SetName(name string) { t.core.name = &name }

// Ref returns the task's TaskRef, the untyped handle CurrentTask and the
// instruments give: t.Ref() == coro.CurrentTask(yield) inside t.
func (t *Task[T]) Ref() TaskRef { return TaskRef{&t.core} }

// CurrentTask returns the task running the calling coroutine
// (asyncio.current_task): a TaskRef to name, compare or cancel it.
func CurrentTask(yield Yield) TaskRef {
	return TaskRef{running(yield, "CurrentTask")}
}

// Done reports whether the task has completed.
func (t *Task[T]) Done() bool { return t.core.fut.done }

// Cancelled reports whether the task completed by cancellation.
func (t *Task[T]) Cancelled() bool { return t.core.fut.cancelled() }

// Result returns the task's value and error, or ErrNotDone before it is done.
func (t *Task[T]) Result() (T, error) {
	t.core.seen = true
	if !t.core.fut.done {
		var zero T
		return zero, ErrNotDone
	}
	return t.value, t.core.fut.err
}

// Cancel asks the task to stop, with cause as the reason. The await the task is
// suspended on fails with a CancelError that wraps cause (what it awaited is
// cancelled too, as in asyncio: a Sleep, a Future, a Task, a Gathering), and so
// does every later await, until the coroutine returns: cancellation is
// level-triggered. A task cancelled before its first step never runs. Cancel
// reports false if the task was done or already cancelled.
func (t *Task[T]) Cancel(cause error) bool { return t.core.cancel(cause) }

// AddDoneCallback arranges for fn to run on the loop once the task is done, as
// Future.AddDoneCallback.
func (t *Task[T]) AddDoneCallback(fn func()) *DoneCallback {
	t.core.seen = true
	if t.core.fut.sched == nil {
		panic("coro: AddDoneCallback on a task that was never started")
	}
	return t.core.fut.addDoneCallback(fn)
}

// RemoveDoneCallback takes back a callback added by AddDoneCallback, as
// Future.RemoveDoneCallback.
func (t *Task[T]) RemoveDoneCallback(c *DoneCallback) bool {
	return t.core.fut.removeCallback(c)
}

// Await suspends the calling task until t is done and returns t's result; at
// once, with no switch, if t is done already. If the calling task is cancelled
// meanwhile, t is cancelled too (as in asyncio) and Await returns the caller's
// CancelError once t has ended, unless t failed with an error of its own,
// which Await then returns: an error is never hidden behind a cancellation.
func (t *Task[T]) Await(yield Yield) (T, error) {
	if !yield(t) {
		var zero T
		return zero, failure(yield)
	}
	if !t.core.fut.done {
		foreignYield()
	}
	return t.value, nil
}

func (t *Task[T]) wait(w *taskCore) (bool, error) {
	switch {
	case t == nil:
		return false, fmt.Errorf("%w: awaited a nil *Task", ErrNilCoroutine)
	case w == &t.core:
		return false, fmt.Errorf("%w: task %s awaits itself", ErrDeadlock, w.Name())
	case t.core.fut.sched == nil:
		return false, errNotStarted
	}
	t.core.seen = true
	return t.core.fut.await(w, t)
}

// errNotStarted is the failure of an await of a Task made by hand rather
// than by Spawn or Start.
var errNotStarted = errors.New("coro: awaited a task that was never started; use Spawn or Start")

func (t *Task[T]) abort(w *taskCore) { t.core.cancel(w.cancelled().Cause) }

// String describes the task: its name and result type.
func (t *Task[T]) String() string {
	return "Task[" + reflect.TypeFor[T]().String() + "] " + t.Name()
}
