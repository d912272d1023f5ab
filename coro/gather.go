package coro

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// Gathering runs several awaitables concurrently and completes when all of
// them have: asyncio.gather. Make one with Gather or GatherAll. Its children
// start when it is first awaited, in argument order, each as a task (a
// Coroutine, a Func, a Sleep) or as itself (a Task, a Future, a Gathering);
// their first steps run after the current step. A Gathering among the
// children starts its own children first, since its Gather call ran first:
// Gather(a, Gather(b, c), d) starts b, c, a, d, as asyncio does.
//
// asyncio.gather starts its children when it is called; Gather cannot, as it
// has no loop at hand, so g := Gather(a, b) followed by other awaits starts a
// and b only at g's first await. Await the Gathering where it is made (the
// common form) and the order is asyncio's.
//
// Unlike asyncio's gather, a Gathering never leaves a child running behind it:
// when it fails or is cancelled it cancels the children still running and
// completes only once every child has ended.
type Gathering struct {
	futureCore
	children []Awaitable
	kids     []gatherChild
	values   []any
	errs     []error
	pending  int
	all      bool // GatherAll: collect errors instead of failing on the first
	started  bool
	failed   error // first error (fail-fast) or cancellation
}

// Gather returns a Gathering that fails fast: the first child error fails it,
// the other children are cancelled and waited for, and Await returns that
// first error. Otherwise Await returns every child's value, in argument order
// (nil for a Coroutine). A child that is cancelled on its own counts as an
// error, as in asyncio. An empty Gather completes at once with no values.
//
// In asyncio the first error propagates at once and the other children keep
// running, unwatched; here they are cancelled and awaited, so no orphan
// outlives the gather.
func Gather(children ...Awaitable) *Gathering {
	return &Gathering{children: children}
}

// GatherAll returns a Gathering that waits for every child and collects every
// outcome: asyncio's gather(..., return_exceptions=True). Await returns the
// values in argument order with a failed child's error in its place (a
// cancelled child's prints as asyncio prints it there, CancelledError(”),
// and matches ErrCancelled), and a nil error unless the gathering itself was
// cancelled. Errors returns the errors alone.
func GatherAll(children ...Awaitable) *Gathering {
	return &Gathering{children: children, all: true}
}

// gatherChild is a gathering's callback on one child's completion.
type gatherChild struct {
	g   *Gathering
	i   int
	fut concurrent
}

func (c *gatherChild) Run() { c.g.childDone(c) }

// concurrent is an awaitable that can run as a gathering's child: a future-like
// value with a result of any type.
type concurrent interface {
	outcome() *futureCore
	valueAny() any
	cancelAny(cause error) bool
}

// launcher is an awaitable that is not itself future-like and is run as a
// child by spawning a task that awaits it.
type launcher interface {
	launch(s Scheduler) concurrent
}

func (g *Gathering) start(t *taskCore) {
	g.started = true
	g.sched = t.fut.sched
	n := len(g.children)
	g.kids = make([]gatherChild, n)
	g.values = make([]any, n)
	g.errs = make([]error, n)
	g.pending = n
	// A Gathering among the children was made by an inner Gather call, which
	// Go (like Python) evaluates before the outer one: start its children
	// first, as asyncio.gather, which starts them when it is called, does.
	for _, a := range g.children {
		if gg, ok := a.(*Gathering); ok && gg != nil && !gg.started && !gg.done {
			gg.start(t)
		}
	}
	for i, a := range g.children {
		k := &g.kids[i]
		k.g, k.i = g, i
		k.fut = t.concurrently(a, i, "a gather")
		k.fut.outcome().addCallback(k)
	}
	g.children = nil
	if n == 0 {
		g.complete(nil)
	}
}

// isNil reports whether a holds a nil pointer.
func isNil(a Awaitable) bool {
	v := reflect.ValueOf(a)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// concurrently returns a, argument i of what (a gather, a wait), as something
// that runs concurrently with t and completes once: a task, a future or a
// gathering as itself (a gathering started), anything else as a new task that
// awaits it. It must belong to t's loop.
func (t *taskCore) concurrently(a Awaitable, i int, what string) concurrent {
	var c concurrent
	if a != nil && isNil(a) {
		a = nil // a nil *Task, *Future or *Gathering
	}
	switch a := a.(type) {
	case concurrent:
		c = a
	case launcher:
		c = a.launch(t.fut.sched)
	case nil:
		f := NewFuture[any](t.fut.sched)
		f.SetError(fmt.Errorf("%w: argument %d of %s is nil", ErrNilCoroutine, i, what))
		c = f
	default: // Delay and the like: a task that awaits it
		c = StartAny(t.fut.sched, a)
	}
	if !c.outcome().bind(t.fut.sched) {
		// Not this loop's: the child fails with ErrWrongLoop, and so does
		// the gather or the wait.
		f := NewFuture[any](t.fut.sched)
		f.SetError(fmt.Errorf("%w: argument %d of %s belongs to another loop", ErrWrongLoop, i, what))
		return f
	}
	if g, ok := c.(*Gathering); ok && !g.started && !g.done {
		g.start(t)
	}
	return c
}

func (g *Gathering) childDone(k *gatherChild) {
	f := k.fut.outcome()
	g.pending--
	if f.err != nil {
		g.errs[k.i] = f.err
		if g.all {
			g.values[k.i] = slotError(f.err)
		} else if g.failed == nil {
			g.failed = f.err
			g.cancelChildren(f.err)
		} else if onlyCancellation(g.failed) && !onlyCancellation(f.err) {
			// Cancelled, and a child failed on its own meanwhile: its error
			// is the gathering's, as in asyncio; the cancellation is not
			// lost, as it stays in force for whoever cancelled.
			g.failed = f.err
		}
	} else {
		g.values[k.i] = k.fut.valueAny()
	}
	if g.pending == 0 {
		g.complete(g.failed)
	}
}

func (g *Gathering) cancelChildren(cause error) {
	for i := range g.kids {
		k := &g.kids[i]
		if !k.fut.outcome().done {
			k.fut.cancelAny(cause)
		}
	}
}

// Cancel cancels the children still running; the gathering completes with a
// CancelError carrying cause once they have all ended (or with the error of a
// child that fails on its own meanwhile). Before the gathering has started,
// it completes at once: its tasks and futures are cancelled, and the rest
// never start. It reports whether it cancelled anything: false if the
// gathering was done or already failing, or if every child had ended
// already, in which case the results stand (asyncio's bpo-26923).
func (g *Gathering) Cancel(cause error) bool {
	if g.done || g.failed != nil {
		return false
	}
	err := &CancelError{Cause: cause}
	if !g.started { // the children that already run are cancelled; the rest never start
		g.done, g.err = true, err
		for _, a := range g.children {
			if c, ok := a.(concurrent); ok && a != nil && !isNil(a) {
				c.cancelAny(cause)
			}
		}
		return true
	}
	// Started: the gathering is cancelled only if a child is. When every
	// child has ended already (their callbacks have yet to run), there is
	// nothing left to cancel and the results stand (bpo-26923).
	cancelled := false
	for i := range g.kids {
		if k := &g.kids[i]; !k.fut.outcome().done && k.fut.cancelAny(cause) {
			cancelled = true
		}
	}
	if cancelled {
		g.failed = err
	}
	return cancelled
}

// Await starts the children if they have not started, suspends the calling
// task until every child has ended, and returns the values (see Gather and
// GatherAll). If the calling task is cancelled meanwhile, the gathering is
// cancelled with it and Await returns the task's CancelError.
func (g *Gathering) Await(yield Yield) ([]any, error) {
	if !yield(g) {
		return nil, failure(yield)
	}
	if !g.done {
		foreignYield()
	}
	return g.values, nil
}

// Done reports whether every child has ended.
func (g *Gathering) Done() bool { return g.done }

// Cancelled reports whether the gathering completed by cancellation.
func (g *Gathering) Cancelled() bool { return g.cancelled() }

// Result returns what Await returns, once the gathering is done; before, it
// returns ErrNotDone.
func (g *Gathering) Result() ([]any, error) {
	switch {
	case !g.done:
		return nil, ErrNotDone
	case g.err != nil:
		return nil, g.err
	}
	return g.values, nil
}

// AddDoneCallback arranges for fn to run on the loop once the gathering is
// done, as Future.AddDoneCallback. The gathering must have a loop: it gets
// one when it is first awaited, which starts it; before, AddDoneCallback
// panics.
func (g *Gathering) AddDoneCallback(fn func()) *DoneCallback {
	if g.sched == nil {
		panic("coro: AddDoneCallback on a Gathering that was never started; await it first")
	}
	return g.addDoneCallback(fn)
}

// RemoveDoneCallback takes back a callback added by AddDoneCallback, as
// Future.RemoveDoneCallback.
func (g *Gathering) RemoveDoneCallback(c *DoneCallback) bool {
	return g.removeCallback(c)
}

// Errors returns each child's error in argument order (nil for a child that
// succeeded), once the gathering is done.
func (g *Gathering) Errors() []error { return g.errs }

func (g *Gathering) wait(t *taskCore) (bool, error) {
	if g == nil {
		return false, fmt.Errorf("%w: awaited a nil *Gathering", ErrNilCoroutine)
	}
	if !g.started && !g.done {
		// A task that has seen its cancellation fails this await at once
		// and cancels nothing; so it starts nothing either. Otherwise the
		// gathering starts, and a cancellation not yet seen cancels it and
		// waits for its children to end, as for any future.
		if ce := t.cancelled(); ce == nil || !ce.seen {
			g.start(t)
		}
	}
	return g.await(t, g)
}

func (g *Gathering) abort(t *taskCore) { g.Cancel(t.cancelled().Cause) }

func (g *Gathering) outcome() *futureCore { return &g.futureCore }
func (g *Gathering) valueAny() any {
	if g.err != nil {
		return nil
	}
	return g.values
}
func (g *Gathering) cancelAny(cause error) bool { return g.Cancel(cause) }

// String describes the gathering for task dumps.
func (g *Gathering) String() string {
	n := len(g.kids)
	if !g.started {
		n = len(g.children)
	}
	return "Gather(" + strconv.Itoa(n) + " children, " + strconv.Itoa(g.pending) + " pending)"
}

func (f *Future[T]) outcome() *futureCore       { return &f.futureCore }
func (f *Future[T]) valueAny() any              { return f.value }
func (f *Future[T]) cancelAny(cause error) bool { return f.Cancel(cause) }

func (t *Task[T]) outcome() *futureCore {
	t.core.seen = true // a gather or a wait takes its outcome
	return &t.core.fut
}

// valueAny returns the task's value; nil for a task with no value (struct{}),
// such as a Coroutine's.
func (t *Task[T]) valueAny() any {
	if _, none := any(t.value).(struct{}); none {
		return nil
	}
	return t.value
}
func (t *Task[T]) cancelAny(cause error) bool { return t.Cancel(cause) }

func (c Coroutine) launch(s Scheduler) concurrent { return Start(s, c) }
func (f Func[T]) launch(s Scheduler) concurrent   { return Start(s, f) }

// slotError is what GatherAll puts in a failed child's place among the
// values: its error, but a cancellation prints as asyncio prints it there.
func slotError(err error) error {
	var ce *CancelError
	if onlyCancellation(err) && errors.As(err, &ce) {
		return cancelledSlot{ce}
	}
	return err
}

// cancelledSlot is a cancelled child's place in GatherAll's values: its
// CancelError (errors.Is and errors.As see it), printed as asyncio's gather
// prints it among results, CancelledError(”) or CancelledError('cause'), so
// that a ported program prints the same line.
type cancelledSlot struct{ ce *CancelError }

func (s cancelledSlot) Error() string {
	msg := ""
	if s.ce.Cause != nil {
		msg = s.ce.Cause.Error()
	}
	return "CancelledError('" + msg + "')"
}

func (s cancelledSlot) Unwrap() error { return s.ce }
