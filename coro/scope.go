package coro

import (
	"errors"
	"math"
	"time"

	"github.com/corio-go/corio/timer"
)

// Scope is a region of a task that can be cancelled as a whole: trio's
// CancelScope, asyncio's timeout context. Cancellable, MoveOnAfter, Timeout
// and Shield run a body inline in a new Scope. The body of MoveOnAfter,
// Timeout, TimeoutAt, Shield, Cleanup and WithContext is any awaitable: a
// Func or a Coroutine runs inline in the scope, and a Task, a Future, a
// Gathering or a Sleep is awaited in it (WaitFor is Timeout around one).
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
	when     time.Duration // the deadline on the loop's clock; Never if none
	deadline timer.Timer[Callback]
}

// Never is a deadline that never comes: a scope with it has no deadline
// (asyncio.timeout(None)), until Reschedule gives it one.
const Never time.Duration = math.MaxInt64

// Cancel cancels the scope with cause, and reports whether this call did: not
// if the scope was cancelled already or its body has returned.
func (s *Scope) Cancel(cause error) bool {
	if s.err != nil || s.exited {
		return false
	}
	s.err = &CancelError{Cause: cause}
	s.disarm()
	s.task.interrupt()
	return true
}

// Cancelled reports whether the scope was cancelled, by Cancel or by its
// deadline.
func (s *Scope) Cancelled() bool { return s.err != nil }

// Expired reports whether the scope was cancelled by its deadline.
func (s *Scope) Expired() bool { return s.expired }

// Deadline returns the scope's deadline on the loop's clock (asyncio's
// Timeout.when), or Never if it has none.
func (s *Scope) Deadline() time.Duration { return s.when }

// Reschedule moves the scope's deadline to when, on the loop's clock
// (asyncio's Timeout.reschedule): Never removes it, and a time already past
// cancels the scope in the current loop turn. It reports false, and changes
// nothing, once the scope is cancelled or its body has returned.
func (s *Scope) Reschedule(when time.Duration) bool {
	if s.err != nil || s.exited {
		return false
	}
	s.disarm()
	s.when = when
	s.arm()
	return true
}

// arm queues the scope's deadline. One already past is handled in the
// current loop turn, as asyncio calls it soon: a body that awaits even a
// Yield is cancelled.
func (s *Scope) arm() {
	if s.when == Never {
		return
	}
	sched := s.task.fut.sched
	if s.when <= sched.Now() {
		sched.Schedule((*scopeDeadline)(s))
		return
	}
	s.deadline.Value = (*scopeDeadline)(s)
	sched.AddTimer(&s.deadline, s.when)
}

// disarm takes the scope's deadline timer out of the loop's queue, if it is
// there.
func (s *Scope) disarm() {
	if s.deadline.Queued() {
		s.task.fut.sched.RemoveTimer(&s.deadline)
	}
}

// owns reports whether err is this scope's own cancellation, perhaps
// wrapped, and no other error: a cancellation joined with a failure (a
// group's children failed as the deadline passed) is not the scope's to
// swallow.
func (s *Scope) owns(err error) bool {
	var ce *CancelError
	return s.err != nil && onlyCancellation(err) && errors.As(err, &ce) && ce == s.err
}

// caught is what a scope that caught its own cancellation returns: nil, or
// the cancellation in force outside it if one came meanwhile (the body was
// busy with the scope's own, perhaps in a shielded cleanup), so that the
// outer one is not lost.
func (s *Scope) caught() error {
	if ce := s.task.cancelled(); ce != nil {
		ce.seen = true
		return ce
	}
	return nil
}

// scopeDeadline is a scope seen as the callback of its deadline.
type scopeDeadline Scope

// Run cancels the scope when its deadline has passed; a callback left from a
// deadline that Reschedule moved does nothing.
func (d *scopeDeadline) Run() {
	s := (*Scope)(d)
	if s.err == nil && !s.exited && s.when != Never && s.when <= s.task.fut.sched.Now() {
		s.expired = true
		s.Cancel(ErrDeadline)
	}
}

// deadlineAfter returns the deadline d from now, Never if that is past the
// end of the clock.
func deadlineAfter(s Scheduler, d time.Duration) time.Duration {
	now := s.Now()
	if d >= Never-now {
		return Never
	}
	return now + d
}

// inScope runs body inline in a new scope of the calling task: shielded or
// not, with a deadline at when (Never for none). It returns the scope, which
// has exited, and body's results.
func inScope[T any](yield Yield, shield bool, when time.Duration,
	body func(yield Yield, s *Scope) (T, error)) (*Scope, T, error) {
	t := running(yield, "a cancel scope")
	w := t.w
	s := &Scope{parent: w.scope, task: t, shield: shield, when: when}
	s.arm()
	w.scope = s
	defer func() {
		w.scope = s.parent
		s.exited = true
		s.disarm()
	}()
	var v T
	err := t.inline(func() (err error) {
		v, err = body(yield, s)
		return err
	})
	return s, v, err
}

// CurrentScope returns the innermost cancel scope the calling coroutine runs
// in, or nil if it runs in none. Inside the body of a Timeout, TimeoutAt or
// MoveOnAfter it is that scope, whose deadline the body can read and move
// (asyncio's "async with timeout(d) as cm").
func CurrentScope(yield Yield) *Scope {
	return running(yield, "CurrentScope").innermost()
}

// Cancellable runs body inline in a new cancel scope, which body can cancel
// through s (trio's "with CancelScope() as s"), and returns body's result. The
// scope's own cancellation, if body returns it, is not an error: Cancellable
// then returns body's value with a nil error, and s.Cancelled() tells.
func Cancellable[T any](yield Yield, body func(yield Yield, s *Scope) (T, error)) (T, error) {
	s, v, err := inScope(yield, false, Never, body)
	if s.owns(err) {
		err = s.caught()
	}
	return v, err
}

// MoveOnAfter runs body inline with a deadline d from now (trio's
// move_on_after). At the deadline every await inside body fails with a
// CancelError whose cause is ErrDeadline; when body returns that error,
// MoveOnAfter returns body's value, timedOut true and a nil error. A negative d
// is ErrNegativeDuration, and body does not run.
func MoveOnAfter[T any](yield Yield, d time.Duration, body Awaiter[T]) (v T, timedOut bool, err error) {
	if err := checkDuration(d, body); err != nil {
		return v, false, err
	}
	s, v, err := inScope(yield, false, deadlineAfter(Running(yield), d), bodyOf(body))
	if s.owns(err) {
		if err := s.caught(); err != nil {
			return v, false, err
		}
		return v, s.expired, nil
	}
	return v, false, err
}

// Timeout runs body inline with a deadline d from now (asyncio.timeout). At
// the deadline every await inside body fails; when body returns that
// cancellation, Timeout returns an error that matches ErrTimeout (and not
// ErrCancelled: the cancellation ended at the scope), or the caller's
// CancelError if the caller was cancelled too meanwhile. A cancellation of
// the scope itself (CurrentScope(yield).Cancel) ends there: Timeout returns
// nil. An error of body's own
// is returned as it is, even when the deadline passed meanwhile. A d of 0
// times out at body's first await; a negative d is ErrNegativeDuration, and
// body does not run. CurrentScope, inside body, gives the scope, to read or
// move the deadline.
func Timeout[T any](yield Yield, d time.Duration, body Awaiter[T]) (T, error) {
	if err := checkDuration(d, body); err != nil {
		var zero T
		return zero, err
	}
	v, err := timeout(yield, deadlineAfter(Running(yield), d), body)
	if te, ok := err.(*timeoutError); ok {
		te.after = d
	}
	return v, err
}

// TimeoutAt is Timeout with an absolute deadline on the loop's clock
// (asyncio.timeout_at): Never for none (asyncio.timeout(None)), which
// Scope.Reschedule can set later; a time already past times out at body's
// first await.
func TimeoutAt[T any](yield Yield, when time.Duration, body Awaiter[T]) (T, error) {
	if isNil(body) {
		var zero T
		return zero, ErrNilCoroutine
	}
	return timeout(yield, when, body)
}

func timeout[T any](yield Yield, when time.Duration, body Awaiter[T]) (T, error) {
	s, v, err := inScope(yield, false, when, bodyOf(body))
	if s.owns(err) {
		if err := s.caught(); err != nil || !s.expired {
			return v, err // cancelled from outside meanwhile, or through the scope itself
		}
		return v, &timeoutError{}
	}
	return v, err
}

// bodyOf is a as the body of a scope that does not need the scope.
func bodyOf[T any](a Awaiter[T]) func(Yield, *Scope) (T, error) {
	return func(yield Yield, _ *Scope) (T, error) { return a.Await(yield) }
}

// WaitFor awaits a with a deadline d from now (asyncio.wait_for): if a is not
// done by then, what it runs is cancelled (a task, a future, a gathering, or a
// coroutine run inline) and WaitFor returns an error that matches ErrTimeout
// once it has ended; an error of a's own while it ends is returned instead.
//
// With d 0, WaitFor does not wait at all, as asyncio's: a that is done gives
// its result; a task, future or gathering still running is cancelled and
// waited for; a coroutine (Func, Coroutine, Sleep) does not run a single step.
func WaitFor[T any](yield Yield, d time.Duration, a Awaiter[T]) (T, error) {
	var zero T
	if isNil(a) {
		return zero, ErrNilCoroutine
	}
	if d < 0 {
		return zero, Delay(d).negative()
	}
	if d > 0 {
		return Timeout(yield, d, a)
	}
	// A timeout of 0: asyncio cancels at once what runs, and runs nothing.
	c, ok := a.(concurrent)
	if !ok { // not started: it never runs
		if err := Checkpoint(yield); err != nil {
			return zero, err
		}
		return zero, &timeoutError{}
	}
	if f := c.outcome(); !f.done && f.bind(Running(yield)) {
		c.cancelAny(ErrDeadline)
	}
	v, err := a.Await(yield)
	var ce *CancelError
	if errors.As(err, &ce) && ce.Cause == ErrDeadline {
		return v, &timeoutError{}
	}
	return v, err
}

// Shield runs body inline in a scope that the cancellations outside it do not
// reach (trio's shield): the task's cancellation, or an outer timeout, makes
// the awaits inside body fail only once body has returned.
func Shield[T any](yield Yield, body Awaiter[T]) (T, error) {
	if isNil(body) {
		var zero T
		return zero, ErrNilCoroutine
	}
	_, v, err := inScope(yield, true, Never, bodyOf(body))
	return v, err
}

// Cleanup runs body inline, shielded from the cancellations outside it and
// with a time limit d: the work a cancelled task does on its way out that
// must await (send a goodbye and Drain it, tell a peer, flush a file).
// Cancellation is level-triggered, so in a cancelled task every await fails
// at once; inside Cleanup they work again, and the limit keeps the cleanup
// from holding a shutdown up for ever. It returns body's result, or an error
// matching ErrTimeout if the limit passed. It is Shield around Timeout:
//
//	defer coro.Cleanup(yield, time.Second, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
//		conn.Write([]byte("bye\n"))
//		return struct{}{}, conn.Drain(yield)
//	}))
//
// When the loop abandons the task at close, its awaits fail even inside
// Cleanup: the loop is gone.
func Cleanup[T any](yield Yield, d time.Duration, body Awaiter[T]) (T, error) {
	if err := checkDuration(d, body); err != nil {
		var zero T
		return zero, err
	}
	return Shield(yield, Func[T](func(yield Yield) (T, error) {
		return Timeout(yield, d, body)
	}))
}

func checkDuration[T any](d time.Duration, body Awaiter[T]) error {
	if isNil(body) {
		return ErrNilCoroutine
	}
	if d < 0 {
		return Delay(d).negative()
	}
	return nil
}

// timeoutError is the error of a Timeout that expired. It matches ErrTimeout
// and unwraps to ErrDeadline, the cause of the cancellation it came from, but
// not to that cancellation: errors.Is(err, ErrCancelled) stays false, so that
// code that asks "was I cancelled?" after a timeout is not misled.
type timeoutError struct {
	after time.Duration // the duration given to Timeout or WaitFor; 0 for TimeoutAt
}

func (e *timeoutError) Error() string {
	if e.after > 0 {
		return "coro: timed out after " + e.after.String()
	}
	return "coro: timed out"
}

func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

func (e *timeoutError) Unwrap() error { return ErrDeadline }
