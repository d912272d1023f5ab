package coro

import (
	"fmt"
	"reflect"
	"strconv"
)

// Gathering runs several awaitables concurrently and completes when all of
// them have: asyncio.gather. Make one with Gather, GatherAll or GatherAny. Its
// children start when it is first awaited, in argument order, each as a task
// (a Func, a Coroutine, a Sleep) or as itself (a Task, a Future, a
// Gathering); their first steps run after the current step. A Gathering among
// the children starts its own children first, since its Gather call ran
// first: Gather(a, Gather(b, c), d) starts b, c, a, d, as asyncio does.
//
// asyncio.gather starts its children when it is called; Gather cannot, as it
// has no loop at hand, so g := Gather(a, b) followed by other awaits starts a
// and b only at g's first await. Await the Gathering where it is made (the
// common form) and the order is asyncio's.
//
// Unlike asyncio's gather, a Gathering never leaves a child running behind it:
// when it fails or is cancelled it cancels the children still running and
// completes only once every child has ended.
type Gathering[T any] struct {
	gatherCore
	values []T
}

// gatherCore is the untyped part of a Gathering.
type gatherCore struct {
	futureCore
	children []Awaitable // until it starts
	kids     []gatherChild
	errs     []error
	pending  int
	all      bool // GatherAll: collect errors instead of failing on the first
	started  bool
	failed   error       // first error (fail-fast) or cancellation
	owner    gatherStore // the typed Gathering, which keeps the values
}

// gatherStore keeps a child's value in its typed Gathering.
type gatherStore interface {
	store(i int, c concurrent)
	grow(n int)
}

// Gather returns a Gathering that fails fast: the first child error fails it,
// the other children are cancelled and waited for, and Await returns that
// first error. Otherwise Await returns every child's value, in argument order.
// A child that is cancelled on its own counts as an error, as in asyncio. An
// empty Gather completes at once with no values.
//
// The children share a result type; they may be of one kind (tasks, Funcs)
// or of several, given as Awaiter[T]:
//
//	coro.Gather(tasks...)                                   // []*coro.Task[int]
//	coro.Gather(fetch(a), fetch(b))                         // two coro.Func[int]
//	coro.Gather([]coro.Awaiter[int]{task, fetch(c)}...)     // mixed
//
// Children of different result types go to GatherAny. A nil child, or a
// task, future or gathering of another loop, is that child's error
// (ErrNilCoroutine, ErrWrongLoop), found when the gathering starts. A
// Gathering is awaited from tasks of one loop, on its goroutine; it starts at
// its first await, and later awaits wait for the same children.
//
// In asyncio the first error propagates at once and the other children keep
// running, unwatched; here they are cancelled and awaited, so no orphan
// outlives the gather.
func Gather[T any, A Awaiter[T]](children ...A) *Gathering[T] {
	return newGathering[T](awaitables(children), false)
}

// GatherAll returns a Gathering that waits for every child and collects every
// outcome: asyncio's gather(..., return_exceptions=True). Await returns the
// values in argument order, a failed child's slot holding the zero value, and
// a nil error unless the gathering itself was cancelled; Errors returns each
// child's error in the same order.
func GatherAll[T any, A Awaiter[T]](children ...A) *Gathering[T] {
	return newGathering[T](awaitables(children), true)
}

// GatherAny is Gather for children with different result types: each value
// comes back as an any (nil for a Coroutine, and for a Sleep). Prefer Gather
// when the types agree.
func GatherAny(children ...Awaitable) *Gathering[any] {
	return newGathering[any](children, false)
}

// GatherAllAny is GatherAll for children with different result types: the
// values come back as any, and Errors gives each child's error.
func GatherAllAny(children ...Awaitable) *Gathering[any] {
	return newGathering[any](children, true)
}

func newGathering[T any](children []Awaitable, all bool) *Gathering[T] {
	g := &Gathering[T]{gatherCore: gatherCore{children: children, all: all}}
	g.owner = g
	return g
}

// awaitables returns the children as Awaitables.
func awaitables[A Awaitable](children []A) []Awaitable {
	as := make([]Awaitable, len(children))
	for i, c := range children {
		as[i] = c
	}
	return as
}

func (g *Gathering[T]) grow(n int) { g.values = make([]T, n) }

func (g *Gathering[T]) store(i int, c concurrent) {
	if v, ok := c.(valued[T]); ok {
		g.values[i] = v.doneValue()
	} else if p, ok := any(&g.values[i]).(*any); ok { // GatherAny
		*p = c.valueAny()
	}
}

// valued is a child whose value has the gathering's type.
type valued[T any] interface {
	doneValue() T
}

// gathering is a Gathering of any result type.
type gathering interface{ core() *gatherCore }

func (g *Gathering[T]) core() *gatherCore { return &g.gatherCore }

// gatherChild is a gathering's callback on one child's completion.
type gatherChild struct {
	g   *gatherCore
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

func (g *gatherCore) start(t *taskCore) {
	g.started = true
	g.sched = t.fut.sched
	n := len(g.children)
	g.kids = make([]gatherChild, n)
	g.owner.grow(n)
	g.errs = make([]error, n)
	g.pending = n
	// A Gathering among the children was made by an inner Gather call, which
	// Go (like Python) evaluates before the outer one: start its children
	// first, as asyncio.gather, which starts them when it is called, does.
	for _, a := range g.children {
		if !isNil(a) {
			startGathering(t, a)
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

// startGathering starts a, if it is a Gathering that has not started: on t's
// loop, as t's child.
func startGathering(t *taskCore, a any) {
	if g, ok := a.(gathering); ok {
		if gc := g.core(); !gc.started && !gc.done {
			gc.start(t)
		}
	}
}

// isNil reports whether a is nil or holds a nil pointer or function.
func isNil(a Awaitable) bool {
	if a == nil {
		return true
	}
	switch v := reflect.ValueOf(a); v.Kind() {
	case reflect.Pointer, reflect.Func:
		return v.IsNil()
	}
	return false
}

// concurrently returns a, argument i of what (a gather, a wait), as something
// that runs concurrently with t and completes once: a task, a future or a
// gathering as itself (a gathering started), anything else as a new task that
// awaits it. It must belong to t's loop.
func (t *taskCore) concurrently(a Awaitable, i int, what string) concurrent {
	var c concurrent
	if isNil(a) {
		a = nil // a nil *Task, *Future, *Gathering, Func or Coroutine
	}
	switch a := a.(type) {
	case concurrent:
		c = a
	case launcher:
		c = a.launch(t.fut.sched)
	case nil:
		c = failed(t.fut.sched, fmt.Errorf("%w: argument %d of %s is nil", ErrNilCoroutine, i, what))
	default:
		panic(fmt.Sprintf("coro: broken invariant: %T is an Awaitable that cannot run concurrently", a))
	}
	if !c.outcome().bind(t.fut.sched) {
		// Not this loop's: the child fails with ErrWrongLoop, and so does
		// the gather or the wait.
		return failed(t.fut.sched, fmt.Errorf("%w: argument %d of %s belongs to another loop", ErrWrongLoop, i, what))
	}
	startGathering(t, c)
	return c
}

// failed returns a future of s that has failed with err: a bad argument's
// place among a gather's or a wait's children.
func failed(s Scheduler, err error) *Future[any] {
	f := &Future[any]{futureCore: futureCore{sched: s}}
	f.SetError(err)
	return f
}

func (g *gatherCore) childDone(k *gatherChild) {
	f := k.fut.outcome()
	g.pending--
	if f.err != nil {
		g.errs[k.i] = f.err
		if g.all {
			// collected in errs
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
		g.owner.store(k.i, k.fut)
	}
	if g.pending == 0 {
		g.complete(g.failed)
	}
}

func (g *gatherCore) cancelChildren(cause error) {
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
func (g *gatherCore) Cancel(cause error) bool {
	if g.done || g.failed != nil {
		return false
	}
	err := &CancelError{Cause: cause}
	if !g.started { // the children that already run are cancelled; the rest never start
		g.done, g.err = true, err
		for _, a := range g.children {
			if c, ok := a.(concurrent); ok && !isNil(a) {
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
func (g *Gathering[T]) Await(yield Yield) ([]T, error) {
	if !yield(g) {
		return nil, failure(yield)
	}
	if !g.done {
		foreignYield()
	}
	return g.values, nil
}

// Done reports whether every child has ended.
func (g *gatherCore) Done() bool { return g.done }

// Cancelled reports whether the gathering completed by cancellation.
func (g *gatherCore) Cancelled() bool { return g.cancelled() }

// Result returns what Await returns, once the gathering is done; before, it
// returns ErrNotDone.
func (g *Gathering[T]) Result() ([]T, error) {
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
func (g *gatherCore) AddDoneCallback(fn func()) *DoneCallback {
	if g.sched == nil {
		panic("coro: AddDoneCallback on a Gathering that was never started; await it first")
	}
	return g.addDoneCallback(fn)
}

// RemoveDoneCallback takes back a callback added by AddDoneCallback, as
// Future.RemoveDoneCallback.
func (g *gatherCore) RemoveDoneCallback(c *DoneCallback) bool {
	return g.removeCallback(c)
}

// Errors returns each child's error in argument order (nil for a child that
// succeeded), once the gathering is done.
func (g *gatherCore) Errors() []error { return g.errs }

func (g *Gathering[T]) wait(t *taskCore) (bool, error) {
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

func (g *Gathering[T]) abort(t *taskCore) { g.Cancel(t.cancelled().Cause) }

func (g *gatherCore) outcome() *futureCore { return &g.futureCore }
func (g *Gathering[T]) valueAny() any {
	if g.err != nil {
		return nil
	}
	return g.values
}
func (g *Gathering[T]) doneValue() []T           { return g.values }
func (g *gatherCore) cancelAny(cause error) bool { return g.Cancel(cause) }

// String describes the gathering for task dumps.
func (g *gatherCore) String() string {
	n := len(g.kids)
	if !g.started {
		n = len(g.children)
	}
	return "Gather(" + strconv.Itoa(n) + " children, " + strconv.Itoa(g.pending) + " pending)"
}

func (f *Future[T]) outcome() *futureCore       { return &f.futureCore }
func (f *Future[T]) valueAny() any              { return f.value }
func (f *Future[T]) doneValue() T               { return f.value }
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
func (t *Task[T]) doneValue() T               { return t.value }

func (c Coroutine) launch(s Scheduler) concurrent { return Start(s, c) }
func (f Func[T]) launch(s Scheduler) concurrent   { return Start(s, f) }
func (d Delay) launch(s Scheduler) concurrent     { return Start(s, d) }
