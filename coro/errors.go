package coro

import (
	"errors"
	"fmt"
)

// Sentinel errors. Test for them with errors.Is: the errors corio returns wrap
// them with detail.
var (
	// ErrCancelled is matched by every cancellation error: a cancelled task's
	// result, an await that failed because its task was cancelled. See CancelError.
	ErrCancelled = errors.New("coro: cancelled")
	// ErrDeadlock means no task can make progress: nothing is ready, no timer is
	// pending and nothing can arrive from outside the loop.
	ErrDeadlock = errors.New("coro: deadlock")
	// ErrLivelock means a task keeps awaiting after it was cancelled, and so
	// keeps a loop on a virtual clock from advancing: every await of a
	// cancelled task fails at once, and a retry loop that ignores the error
	// spins.
	ErrLivelock = errors.New("coro: livelock")
	// ErrClosed is returned when a loop is used after Close, and is the cause of
	// the cancellation of tasks abandoned when a loop shuts down.
	ErrClosed = errors.New("coro: loop closed")
	// ErrNegativeDuration is returned for a negative sleep or delay.
	ErrNegativeDuration = errors.New("coro: negative duration")
	// ErrNilCoroutine is returned when a nil Coroutine, Func or Awaitable is
	// awaited, spawned or gathered.
	ErrNilCoroutine = errors.New("coro: nil coroutine")
	// ErrWrongLoop is returned when a task awaits a future or task that belongs
	// to another loop.
	ErrWrongLoop = errors.New("coro: awaited on the wrong loop")
	// ErrNotDone is returned by Result before a future or task is done.
	ErrNotDone = errors.New("coro: not done")
	// ErrTimeout is matched by the error of a Timeout, TimeoutAt or WaitFor
	// that expired. The awaits that its deadline made fail inside it are
	// cancellations (ErrCancelled, with ErrDeadline as the cause), so that
	// code inside tells them from a timeout of its own. The timeout error
	// itself unwraps to ErrDeadline but does not match ErrCancelled: the
	// cancellation ended at the scope (asyncio's TimeoutError is raised
	// "from" the CancelledError, which it does not subclass).
	ErrTimeout = errors.New("coro: timeout")
	// ErrDeadline is the cause of the cancellation a scope's deadline makes.
	ErrDeadline = errors.New("coro: deadline exceeded")
	// ErrGroupStopped is the cause of the cancellation of a Group stopped on
	// purpose (Group.Stop).
	ErrGroupStopped = errors.New("coro: group stopped")
	// ErrGroupClosed is the error of SpawnIn and Group.Go on a Group that runs
	// no new child: it has ended, or it is shutting down (a child or the body
	// failed, or Stop was called).
	ErrGroupClosed = errors.New("coro: group closed")
	// ErrBrokenBarrier is the error of a Barrier wait when the barrier is
	// broken by Abort or Reset.
	ErrBrokenBarrier = errors.New("coro: broken barrier")
	// ErrNotLocked is the error of a Condition's Wait, Notify or NotifyAll
	// called without holding its lock.
	ErrNotLocked = errors.New("coro: lock not held")
	// ErrQueueFull is the error of a TryPut on a full Queue.
	ErrQueueFull = errors.New("coro: queue full")
	// ErrQueueEmpty is the error of a TryGet on an empty Queue.
	ErrQueueEmpty = errors.New("coro: queue empty")
	// ErrQueueShutDown is the error of a Put on a Queue that is shut down, and
	// of a Get once it is also empty.
	ErrQueueShutDown = errors.New("coro: queue shut down")
)

// CancelError is the error of a cancelled task or await. It matches ErrCancelled
// and unwraps to its Cause, so errors.Is finds both.
type CancelError struct {
	// Cause is what the canceller gave as the reason; nil if it gave none.
	Cause error
	seen  bool // an await has returned it to the coroutine
}

// Error describes the cancellation and its cause.
func (e *CancelError) Error() string {
	if e.Cause == nil {
		return "coro: cancelled"
	}
	return "coro: cancelled: " + e.Cause.Error()
}

// Is reports whether target is ErrCancelled.
func (e *CancelError) Is(target error) bool { return target == ErrCancelled }

// Unwrap returns the cause.
func (e *CancelError) Unwrap() error { return e.Cause }

// PanicError is the error of a task whose coroutine panicked. The loop and the
// other tasks keep running.
type PanicError struct {
	// Value is what the coroutine passed to panic.
	Value any
	// Stack is the coroutine's stack when it panicked.
	Stack []byte
}

// Error gives the panic value and the stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("coro: coroutine panicked: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error, so errors.Is sees through a
// panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
