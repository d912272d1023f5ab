package coro

import (
	"context"
)

// TaskContext returns a context.Context that is cancelled when the calling
// task is cancelled (context.Cause then returns the task's CancelError) or
// when the task ends: for Go code that the task starts, such as work in
// another goroutine, that must stop with it. Calling it again in the same task
// returns the same context: a task keeps one, however often it asks.
func TaskContext(yield Yield) context.Context {
	t := running(yield, "TaskContext")
	set := t.fut.sched.Tasks()
	if tc, ok := set.contexts[t]; ok {
		return tc.ctx
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	if t.cancelErr != nil {
		cancel(t.cancelErr)
		return ctx
	}
	if set.contexts == nil {
		set.contexts = map[*taskCore]taskContext{}
	}
	set.contexts[t] = taskContext{ctx, cancel}
	return ctx
}

// taskContext is the context TaskContext handed out for a task, kept until
// the task ends or is cancelled.
type taskContext struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// cancelCause is what the contexts of a task that ends are cancelled with:
// its cancellation, or nil (context.Canceled) if it was not cancelled.
func (t *taskCore) cancelCause() error {
	if t.cancelErr != nil {
		return t.cancelErr
	}
	return nil
}

// WithContext runs body inline in a scope that is cancelled when ctx is done,
// so that a context.Context from Go code can stop a coroutine: every await
// inside body then fails with a CancelError whose cause is context.Cause(ctx)
// (so errors.Is finds context.Canceled or context.DeadlineExceeded too), and
// WithContext returns body's result. While body runs, the loop knows that the
// context may cancel it from another goroutine: it does not report a
// deadlock, and a virtual clock waits for the context before it jumps.
func WithContext[T any](yield Yield, ctx context.Context, body Awaiter[T]) (T, error) {
	if isNil(body) {
		var zero T
		return zero, ErrNilCoroutine
	}
	if ctx.Done() == nil { // never cancelled
		return body.Await(yield)
	}
	_, v, err := inScope(yield, false, Never, func(yield Yield, s *Scope) (T, error) {
		if err := ctx.Err(); err != nil {
			s.Cancel(context.Cause(ctx))
			return body.Await(yield)
		}
		door := s.task.fut.sched
		release := door.Hold()
		defer release()
		stop := context.AfterFunc(ctx, func() {
			door.CallSoonThreadsafe(func() { s.Cancel(context.Cause(ctx)) })
		})
		defer stop()
		return body.Await(yield)
	})
	return v, err
}
