package loop

import (
	"context"
	"fmt"

	"github.com/corio-go/corio/coro"
)

// Recv receives from the Go channel ch, suspending the calling task (not the
// loop) until a value or the close of ch arrives; ok is false when ch is
// closed. A value ready at once is taken with no switch. It returns the
// task's CancelError if the task is cancelled first, having taken nothing: a
// value that arrives at the very moment of the cancellation is returned (the
// cancellation fails the task's next await), never lost.
//
// While it waits, a goroutine of its own waits on ch, and the loop is held (it
// does not report a deadlock, and a virtual clock waits).
func Recv[T any](yield coro.Yield, ch <-chan T) (v T, ok bool, err error) {
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task takes nothing
		return v, false, err
	}
	select {
	case v, ok = <-ch:
		return v, ok, nil
	default:
	}
	type received struct {
		v  T
		ok bool
	}
	r, err := wait(yield, func(stop <-chan struct{}) (received, bool) {
		select {
		case v, ok := <-ch:
			return received{v, ok}, true
		case <-stop:
			return received{}, false
		}
	})
	return r.v, r.ok, err
}

// Send sends v on the Go channel ch, suspending the calling task (not the
// loop) until a receiver takes it. It returns the task's CancelError, having
// sent nothing, if the task is cancelled first; if a receiver took v at the
// very moment of the cancellation, Send returns nil (the cancellation fails
// the task's next await), so v is never sent twice by a caller that retries.
// Sending on a closed channel panics, as in Go, also when the channel is
// closed while Send waits: the task fails with a *coro.PanicError.
func Send[T any](yield coro.Yield, ch chan<- T, v T) error {
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task sends nothing
		return err
	}
	select {
	case ch <- v:
		return nil
	default:
	}
	sent, err := wait(yield, func(stop <-chan struct{}) (sent sendOutcome, ok bool) {
		defer func() { // a send on a channel closed meanwhile: the task's panic
			if r := recover(); r != nil {
				sent, ok = sendOutcome{panicked: r}, true
			}
		}()
		select {
		case ch <- v:
			return sendOutcome{}, true
		case <-stop:
			return sendOutcome{}, false
		}
	})
	if sent.panicked != nil {
		panic(sent.panicked)
	}
	return err
}

// sendOutcome is how a Send that waited ended: the value went, or the send
// panicked on its goroutine (the channel was closed), which the task then
// does in its turn.
type sendOutcome struct{ panicked any }

// Done suspends the calling task until ctx is done and returns ctx's error
// (context.Canceled or context.DeadlineExceeded), or the task's CancelError
// if the task is cancelled first.
func Done(yield coro.Yield, ctx context.Context) error {
	if ctx.Done() == nil {
		return fmt.Errorf("%w: Done of a context that is never done", coro.ErrDeadlock)
	}
	_, _, err := Recv(yield, ctx.Done())
	if err != nil {
		return err
	}
	return ctx.Err()
}

// wait runs block on a goroutine of its own, which returns what it got and
// true, or false once stop is closed, and suspends the calling task until it
// has. The loop is held meanwhile. If the task is cancelled first, stop is
// closed and wait waits for the goroutine to end, which it does at once: if
// block got there first (a value went out, or came in), that is the outcome,
// and the task's cancellation stays in force for its next await; otherwise
// the task's CancelError is returned, and nothing happened.
func wait[T any](yield coro.Yield, block func(stop <-chan struct{}) (T, bool)) (T, error) {
	l := Current(yield)
	f := coro.NewFuture[T](yield)
	stop := make(chan struct{})
	type outcome struct {
		v  T
		ok bool
	}
	ended := make(chan outcome, 1)
	release := l.Hold()
	go func() {
		defer release() // after the result is posted: the loop waits for it
		v, ok := block(stop)
		ended <- outcome{v, ok}
		if ok {
			l.CallSoonThreadsafe(func() { f.SetResult(v) })
		}
	}()
	v, err := f.Await(yield)
	close(stop)
	if err != nil {
		if o := <-ended; o.ok {
			return o.v, nil
		}
	}
	return v, err
}
