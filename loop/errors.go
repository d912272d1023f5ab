package loop

import "errors"

// Errors of the loop's own. A closed loop returns coro.ErrClosed and a stuck one
// coro.ErrDeadlock, so that code built on coro alone can test for them.
var (
	// ErrRunning is returned when a loop that is running is run again (from
	// another goroutine, or from inside one of its own callbacks) or closed.
	ErrRunning = errors.New("loop: already running")
	// ErrStopped is returned by RunUntilComplete when Stop ends the run before
	// the awaited thing is done.
	ErrStopped = errors.New("loop: stopped before the awaited task was done")
	// ErrNilCallback is returned for a nil callback function.
	ErrNilCallback = errors.New("loop: nil callback")
	// ErrInterrupted is the cause of the cancellation of Run's main task when
	// the process gets an interrupt (Ctrl-C, SIGINT).
	ErrInterrupted = errors.New("loop: interrupted")
)
