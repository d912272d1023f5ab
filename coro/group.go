package coro

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Group is a set of child tasks bound to a region of their parent: asyncio's
// TaskGroup, trio's nursery. WithGroup runs a body with a Group; children
// started in it with SpawnIn or Go run concurrently, and WithGroup returns only
// once every one of them has ended, so none outlives it.
//
// When a child fails, or the body returns an error, the group fails: the body
// (every await inside WithGroup) and the other children are cancelled, and
// WithGroup returns, once all have ended, a *GroupError holding every error,
// each still found by errors.Is and errors.As. A child that ends cancelled is
// not an error, as in asyncio. Stop cancels the body and the children on
// purpose, which is not an error either. Once the group fails or stops, it
// refuses new children (SpawnIn returns ErrGroupClosed).
//
// A Group is used on its loop's goroutine, by the body, the children, or any
// task of that loop.
type Group struct {
	sched    Scheduler
	scope    *Scope
	children []*taskCore // started, perhaps done; pruned as they end
	live     int
	idle     WaitQueue // the parent waits here until live is 0
	errs     []error
	stopping error // why the group cancels its children: a failure, or ErrGroupStopped
	aborting bool  // the task around the group is cancelled, or the body panicked
	closed   bool
}

// WithGroup runs body inline with a new Group, then waits until every child
// started in the group has ended, and returns the group's error: a
// *GroupError with the errors of the failed children and of body (nil if none
// failed). If the calling task is cancelled meanwhile, the children are
// cancelled and waited for, and WithGroup returns the task's CancelError, or,
// if some failed too, a GroupError that holds it beside their errors (asyncio
// leaves the cancellation out of its ExceptionGroup; corio keeps it, so that
// the caller cannot miss it). An error of body's own that wraps a
// cancellation with other errors (a nested group's) is kept whole. If body
// panics, the children are cancelled and waited for before the panic goes on.
func WithGroup(yield Yield, body func(yield Yield, g *Group) error) error {
	if body == nil {
		return ErrNilCoroutine
	}
	t := running(yield, "WithGroup")
	g := &Group{sched: t.fut.sched}
	defer func() {
		if r := recover(); r != nil {
			// The body panicked: its children still may not outlive it.
			g.aborting = true
			g.cancelChildren(&PanicError{Value: r})
			g.waitChildren(yield)
			g.closed = true
			panic(r)
		}
	}()
	s, _, err := inScope(yield, false, Never, func(yield Yield, s *Scope) (struct{}, error) {
		g.scope = s
		return struct{}{}, body(yield, g)
	})
	var outer error
	switch ce := t.cancelled(); {
	case err == nil || s.owns(err):
		if ce != nil { // the task was cancelled too: not to be lost
			outer = ce
			g.abort(ce)
		}
	case ce != nil && onlyCancellation(err):
		outer = ce // the task is cancelled: not the group's error
		g.abort(ce)
	default:
		// An error of the body's own, perhaps joined with a cancellation
		// (a nested group's children failed while the task was cancelled):
		// it is the group's, and none of it may be dropped.
		g.fail(err)
		if ce != nil {
			outer = ce
		}
	}
	// Wait for the children. A cancellation of the task cancels them; they are
	// then waited for out of its reach, so that none outlives the group.
	for g.live > 0 && outer == nil {
		if err := g.idle.Wait(yield); err != nil {
			outer = err
			var ce *CancelError
			if errors.As(err, &ce) {
				g.abort(ce)
			}
		}
	}
	g.waitChildren(yield)
	g.closed = true
	if len(g.errs) > 0 {
		if outer != nil && !errors.Is(&GroupError{g.errs}, outer) {
			g.errs = append(g.errs, outer) // the caller was cancelled too: it must see that
		}
		return &GroupError{Errors: g.errs}
	}
	return outer
}

// GroupError is the error of a Group whose children or body failed: asyncio's
// ExceptionGroup("unhandled errors in a TaskGroup"). It holds every error, in
// the order they happened, and errors.Is and errors.As see each of them; when
// the calling task was cancelled too, its CancelError is among them.
type GroupError struct {
	Errors []error
}

// Error lists the errors.
func (e *GroupError) Error() string {
	var b strings.Builder
	b.WriteString("coro: unhandled errors in a group (")
	b.WriteString(strconv.Itoa(len(e.Errors)))
	if len(e.Errors) == 1 {
		b.WriteString(" error)")
	} else {
		b.WriteString(" errors)")
	}
	for _, err := range e.Errors {
		b.WriteString("\n\t")
		b.WriteString(strings.ReplaceAll(err.Error(), "\n", "\n\t"))
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (e *GroupError) Unwrap() []error { return e.Errors }

// onlyCancellation reports whether err is a cancellation and nothing else:
// every error it joins is a CancelError, so that it hides no failure.
func onlyCancellation(err error) bool {
	switch e := err.(type) {
	case nil:
		return false
	case *CancelError:
		return true
	case interface{ Unwrap() []error }:
		errs := e.Unwrap()
		for _, err := range errs {
			if !onlyCancellation(err) {
				return false
			}
		}
		return len(errs) > 0
	case interface{ Unwrap() error }:
		return onlyCancellation(e.Unwrap())
	}
	return false
}

// waitChildren waits, out of reach of cancellations, until every child has
// ended.
func (g *Group) waitChildren(yield Yield) {
	if g.live == 0 {
		return
	}
	Shield(yield, Func[struct{}](func(yield Yield) (struct{}, error) {
		for g.live > 0 {
			if err := g.idle.Wait(yield); err != nil {
				return struct{}{}, err // abandoned at close
			}
		}
		return struct{}{}, nil
	}))
}

// SpawnIn starts main as a child task of g and returns it. Its first step runs
// after the current step, as with Spawn. A group that has ended, or that is
// shutting down because a child or the body failed or Stop was called, runs no
// new child: SpawnIn then returns a nil task and an error matching
// ErrGroupClosed (asyncio's TaskGroup raises), and main never runs. On a
// closed loop the error is ErrClosed.
func SpawnIn[T any](g *Group, main Awaiter[T], opts ...TaskOption) (*Task[T], error) {
	if err := g.refuses(); err != nil {
		return nil, err
	}
	t := newTask(main, opts)
	t.start(g.sched)
	if t.core.state == taskDone { // the loop is closed
		return nil, t.core.fut.err
	}
	g.live++
	g.children = append(g.children, &t.core)
	t.core.seen = true // the group collects its error
	t.core.fut.addCallback(&groupChild{g, &t.core})
	return t, nil
}

// abort cancels the children because the task around the group was
// cancelled; the group takes no new child from then on.
func (g *Group) abort(ce *CancelError) {
	g.aborting = true
	g.cancelChildren(ce.Cause)
}

// refuses returns why g runs no new child, or nil.
func (g *Group) refuses() error {
	switch {
	case g.closed:
		return fmt.Errorf("%w: it has ended", ErrGroupClosed)
	case g.aborting:
		return fmt.Errorf("%w: it is shutting down, as its task was cancelled", ErrGroupClosed)
	case g.stopping == ErrGroupStopped:
		return fmt.Errorf("%w: it is stopping", ErrGroupClosed)
	case g.stopping != nil:
		return fmt.Errorf("%w: it is shutting down after an error: %v", ErrGroupClosed, g.stopping)
	}
	return nil
}

// Go starts fn as a child task of g whose result is its error alone, as
// errgroup's Go: the common child of a group, which reports failure and
// nothing else. It returns the error of SpawnIn when the group runs no new
// child, and ErrNilCoroutine for a nil fn.
func (g *Group) Go(fn func(yield Yield) error, opts ...TaskOption) error {
	if fn == nil {
		return ErrNilCoroutine
	}
	_, err := SpawnIn(g, Func[struct{}](func(yield Yield) (struct{}, error) {
		return struct{}{}, fn(yield)
	}), opts...)
	return err
}

// Stop cancels the body of the group and every child still running, with
// ErrGroupStopped as the cause. It is not an error: WithGroup returns nil unless a
// child failed.
func (g *Group) Stop() {
	if g.closed || g.stopping != nil {
		return
	}
	g.stopping = ErrGroupStopped
	g.cancelChildren(ErrGroupStopped)
	g.scope.Cancel(ErrGroupStopped)
}

// Len returns the number of children still running.
func (g *Group) Len() int { return g.live }

// fail records err and cancels the body and the other children, once.
func (g *Group) fail(err error) {
	g.errs = append(g.errs, err)
	if g.stopping != nil {
		return
	}
	g.stopping = err
	// The children first, then the body: the order in which asyncio's
	// TaskGroup cancels them, and so the order in which they wake.
	g.cancelChildren(err)
	g.scope.Cancel(err)
}

// cancelChildren cancels the children still running with cause.
func (g *Group) cancelChildren(cause error) {
	for _, c := range g.children {
		c.cancel(cause)
	}
}

// groupChild is a group's done callback on one of its children.
type groupChild struct {
	g *Group
	t *taskCore
}

// Run takes note that the child has ended: a failure fails the group.
func (c *groupChild) Run() {
	g := c.g
	g.live--
	if len(g.children) > 2*g.live+16 { // forget the children that ended
		g.children = slices.DeleteFunc(g.children, func(t *taskCore) bool { return t.state == taskDone })
	}
	if err := c.t.fut.err; err != nil && !onlyCancellation(err) {
		g.fail(err)
	}
	g.idle.WakeOne()
}
