package coro

import (
	"errors"
	"time"

	"github.com/corio-go/corio/timer"
)

// Scope is a region of a task that can be cancelled as a whole: trio's
// CancelScope, asyncio's timeout context. Cancellable, MoveOnAfter, Timeout
// and Shield run a body inline in a new Scope.
//
// While a scope is cancelled, every await inside it fails with the scope's
// CancelError (level-triggered: the body cannot swallow it by accident), and
// so does the await it was suspended on when the cancellation came. Once the
// body returns, the scope is gone, and awaits after it succeed again unless an
// outer scope, or the task, is cancelled too. Scopes nest: cancelling a scope
// reaches everything inside it, so an inner deadline cannot extend an outer
// one. A shielding scope is not reached by the cancellations outside it.
//
// A Scope is used on the loop's goroutine, like the rest of a task.
type Scope struct {
	parent   *Scope
	task     *taskCore
	err      *CancelError // set once the scope is cancelled
	shield   bool
	exited   bool
	expired  bool
	deadline timer.Timer[Callback]
}

// Cancel cancels the scope with cause, and reports whether this call did: not
// if the scope was cancelled already or its body has returned.
func (s *Scope) Cancel(cause error) bool {
	if s.err != nil || s.exited {
		return false
	}
	s.err = &CancelError{Cause: cause}
	if s.deadline.Queued() {
		s.task.fut.sched.RemoveTimer(&s.deadline)
	}
	s.task.interrupt()
	return true
}

// Cancelled reports whether the scope was cancelled, by Cancel or by its
// deadline.
func (s *Scope) Cancelled() bool { return s.err != nil }

// Expired reports whether the scope was cancelled by its deadline.
func (s *Scope) Expired() bool { return s.expired }

// owns reports whether err is, or wraps, this scope's own cancellation.
func (s *Scope) owns(err error) bool {
	var ce *CancelError
	return s.err != nil && errors.As(err, &ce) && ce == s.err
}

// scopeDeadline is a scope seen as the callback of its deadline timer.
type scopeDeadline Scope

// Run cancels the scope when its deadline passes.
func (d *scopeDeadline) Run() {
	s := (*Scope)(d)
	if s.err == nil && !s.exited {
		s.expired = true
		s.Cancel(ErrDeadline)
	}
}

// inScope runs body inline in a new scope of the calling task: shielded or
// not, with a deadline d from now if d >= 0. It returns the scope, which has
// exited, and body's results.
func inScope[T any](yield func(Awaitable) bool, shield bool, d time.Duration,
	body func(yield func(Awaitable) bool, s *Scope) (T, error)) (*Scope, T, error) {
	t := running(yield, "a cancel scope")
	s := &Scope{parent: t.scope, task: t, shield: shield}
	if d >= 0 {
		s.deadline.Value = (*scopeDeadline)(s)
		t.fut.sched.AddTimer(&s.deadline, t.fut.sched.Now()+d)
	}
	t.scope = s
	defer func() {
		t.scope = s.parent
		s.exited = true
		if s.deadline.Queued() {
			t.fut.sched.RemoveTimer(&s.deadline)
		}
	}()
	v, err := body(yield, s)
	return s, v, err
}

// Cancellable runs body inline in a new cancel scope, which body can cancel
// through s (trio's "with CancelScope() as s"), and returns body's result. The
// scope's own cancellation, if body returns it, is not an error: Cancellable
// then returns body's value with a nil error, and s.Cancelled() tells.
func Cancellable[T any](yield func(Awaitable) bool, body func(yield func(Awaitable) bool, s *Scope) (T, error)) (T, error) {
	s, v, err := inScope(yield, false, -1, body)
	if s.owns(err) {
		err = nil
	}
	return v, err
}

// MoveOnAfter runs body inline with a deadline d from now (trio's
// move_on_after). At the deadline every await inside body fails with a
// CancelError whose cause is ErrDeadline; when body returns that error,
// MoveOnAfter returns body's value, timedOut true and a nil error. A negative d
// is ErrNegativeDuration, and body does not run.
func MoveOnAfter[T any](yield func(Awaitable) bool, d time.Duration, body Func[T]) (v T, timedOut bool, err error) {
	if err := checkDuration(d, body); err != nil {
		return v, false, err
	}
	s, v, err := inScope(yield, false, d, func(yield func(Awaitable) bool, _ *Scope) (T, error) { return body(yield) })
	if s.owns(err) {
		return v, s.expired, nil
	}
	return v, false, err
}

// Timeout runs body inline with a deadline d from now (asyncio.timeout). At
// the deadline every await inside body fails; when body returns that
// cancellation, Timeout returns an error that matches ErrTimeout. A negative d
// is ErrNegativeDuration, and body does not run.
func Timeout[T any](yield func(Awaitable) bool, d time.Duration, body Func[T]) (T, error) {
	if err := checkDuration(d, body); err != nil {
		var zero T
		return zero, err
	}
	s, v, err := inScope(yield, false, d, func(yield func(Awaitable) bool, _ *Scope) (T, error) { return body(yield) })
	if s.owns(err) && s.expired {
		return v, &timeoutError{d}
	}
	return v, err
}

// WaitFor awaits a with a deadline d from now (asyncio.wait_for): if a is not
// done by then, what it runs is cancelled (a task, a future, a gathering,
// or a coroutine run inline) and WaitFor returns an error that matches
// ErrTimeout once it has ended.
func WaitFor[T any](yield func(Awaitable) bool, d time.Duration, a Awaiter[T]) (T, error) {
	if a == nil {
		var zero T
		return zero, ErrNilCoroutine
	}
	return Timeout(yield, d, a.Await)
}

// Shield runs body inline in a scope that the cancellations outside it do not
// reach (trio's shield): the task's cancellation, or an outer timeout, makes
// the awaits inside body fail only once body has returned.
func Shield[T any](yield func(Awaitable) bool, body Func[T]) (T, error) {
	if body == nil {
		var zero T
		return zero, ErrNilCoroutine
	}
	_, v, err := inScope(yield, true, -1, func(yield func(Awaitable) bool, _ *Scope) (T, error) { return body(yield) })
	return v, err
}

func checkDuration[T any](d time.Duration, body Func[T]) error {
	if body == nil {
		return ErrNilCoroutine
	}
	if d < 0 {
		return Delay(d).negative()
	}
	return nil
}

// timeoutError is the error of a Timeout that expired.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return "coro: timed out after " + e.d.String() }

func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }
