package loop

import (
	"context"
	"sync"

	"github.com/corio-go/corio/coro"
)

// Result is the outcome of a coroutine submitted to a loop from outside it
// (Submit): asyncio's concurrent.futures.Future of run_coroutine_threadsafe.
// Plain Go code waits for it with Wait; a task of another loop awaits it with
// Await, or gathers it with others (it is a coro.Awaiter). Its methods are
// safe from any goroutine.
type Result[T any] struct {
	awaiter[T] // r.Await: so a Result is an awaitable, for Gather, Wait and Spawn
	loop       *Loop
	done       chan struct{}
	once       sync.Once
	task       *coro.Task[T] // set on the loop's goroutine
	v          T
	err        error
}

// finish records the outcome and releases the waiters, once.
func (r *Result[T]) finish(v T, err error) {
	r.once.Do(func() {
		r.v, r.err = v, err
		close(r.done)
	})
}

// Submit starts main as a task on l from any goroutine and returns its
// Result: asyncio.run_coroutine_threadsafe. The task starts when the loop next
// runs; if l is closed, the Result fails with coro.ErrClosed.
func Submit[T any](l *Loop, main coro.Awaiter[T]) *Result[T] {
	r := &Result[T]{loop: l, done: make(chan struct{})}
	r.awaiter = r.Await
	var zero T
	// If the loop closes before the task's done callback runs, Close
	// settles the result: with the task's outcome if it ended (in the turn
	// the loop stopped, say: completed work is reported as completed), or
	// ErrClosed if it never started or was abandoned.
	remove, ok := l.onClose(func() {
		if r.task != nil && r.task.Done() {
			r.finish(r.task.Result())
			return
		}
		r.finish(zero, coro.ErrClosed)
	})
	if !ok {
		r.finish(zero, coro.ErrClosed)
		return r
	}
	err := l.CallSoonThreadsafe(func() {
		r.task = coro.Start(l.core(), main)
		r.task.AddDoneCallback(func() {
			if remove() {
				r.finish(r.task.Result())
			}
		})
	})
	if err != nil && remove() {
		r.finish(zero, err)
	}
	return r
}

// awaiter gives Result the awaitable methods of a coro.Func (an unexported
// embedded field, so that they are not Result's API).
type awaiter[T any] = coro.Func[T]

// Done returns a channel that is closed when the result is ready.
func (r *Result[T]) Done() <-chan struct{} { return r.done }

// Wait blocks until the result is ready, or ctx is done, and returns it (or
// ctx's error).
func (r *Result[T]) Wait(ctx context.Context) (T, error) {
	select {
	case <-r.done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Await suspends the calling task, which may run on another loop, until the
// result is ready, and returns it. If the calling task is cancelled, the
// submitted task is cancelled too (as awaiting a task does) and Await returns
// the caller's CancelError.
func (r *Result[T]) Await(yield coro.Yield) (T, error) {
	if _, _, err := Recv(yield, (<-chan struct{})(r.done)); err != nil {
		r.Cancel(err)
		var zero T
		return zero, err
	}
	return r.v, r.err
}

// Cancel asks the loop to cancel the submitted task, with cause.
func (r *Result[T]) Cancel(cause error) {
	r.loop.CallSoonThreadsafe(func() {
		if r.task != nil {
			r.task.Cancel(cause)
		}
	})
}
