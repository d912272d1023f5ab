package loop

import (
	"context"
	"fmt"

	"github.com/corio-go/corio/coro"
)

// Recv receives from the Go channel ch, suspending the calling task (not the
// loop) until a value or the close of ch arrives; ok is false when ch is
// closed. A value ready at once is taken with no switch. It returns the
// task's CancelError if the task is cancelled first; a value received at the
// very moment of the cancellation is then lost, as when a goroutine that
// receives is abandoned.
//
// While it waits, a goroutine of its own waits on ch, and the loop is held (it
// does not report a deadlock, and a virtual clock waits).
func Recv[T any](yield func(coro.Awaitable) bool, ch <-chan T) (v T, ok bool, err error) {
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
// sent nothing, if the task is cancelled first. Sending on a closed channel
// panics, as in Go.
func Send[T any](yield func(coro.Awaitable) bool, ch chan<- T, v T) error {
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task sends nothing
		return err
	}
	select {
	case ch <- v:
		return nil
	default:
	}
	_, err := wait(yield, func(stop <-chan struct{}) (struct{}, bool) {
		select {
		case ch <- v:
			return struct{}{}, true
		case <-stop:
			return struct{}{}, false
		}
	})
	return err
}

// Done suspends the calling task until ctx is done and returns ctx's error
// (context.Canceled or context.DeadlineExceeded), or the task's CancelError
// if the task is cancelled first.
func Done(yield func(coro.Awaitable) bool, ctx context.Context) error {
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
// closed and the task's CancelError returned.
func wait[T any](yield func(coro.Awaitable) bool, block func(stop <-chan struct{}) (T, bool)) (T, error) {
	l := Current(yield)
	f := coro.NewFuture[T](l)
	stop := make(chan struct{})
	defer close(stop)
	release := l.Hold()
	go func() {
		defer release() // after the result is posted: the loop waits for it
		if v, ok := block(stop); ok {
			l.CallSoonThreadsafe(func() { f.SetResult(v) })
		}
	}()
	return f.Await(yield)
}
