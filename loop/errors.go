package loop

import (
	"errors"
	"fmt"
	"io"
)

// Errors of the loop's own. A closed loop returns coro.ErrClosed and a stuck one
// coro.ErrDeadlock, so that code built on coro alone can test for them.
var (
	// ErrRunning is returned when a loop that is running is run again (from
	// another goroutine, or from inside one of its own callbacks) or closed.
	ErrRunning = errors.New("loop: already running")
	// ErrWrongThread is returned when a loop pinned to its OS thread
	// (WithLockedThread) is run or closed from another goroutine than the
	// one that first ran it.
	ErrWrongThread = errors.New("loop: pinned loop used from another OS thread")
	// ErrStopped is returned by RunUntilComplete when Stop ends the run before
	// the awaited thing is done.
	ErrStopped = errors.New("loop: stopped before the awaited task was done")
	// ErrNilCallback is returned for a nil callback function.
	ErrNilCallback = errors.New("loop: nil callback")
	// ErrStreamClosed is the error of a Stream read or written after Close
	// or Abort, and of a Drain, Flush or WaitClosed whose bytes Abort dropped.
	ErrStreamClosed = errors.New("loop: stream closed")
	// ErrConcurrentRead is the error of a Stream read while another task
	// waits to read the same stream (asyncio raises RuntimeError): which of
	// them would get the bytes is not defined.
	ErrConcurrentRead = errors.New("loop: another task is already reading the stream")
	// ErrInterrupted is the cause of the cancellation of Run's main task when
	// the process gets an interrupt (Ctrl-C, SIGINT).
	ErrInterrupted = errors.New("loop: interrupted")
)

// IncompleteReadError is the error of a ReadExactly or ReadUntil that met the
// end of the stream first (asyncio's IncompleteReadError). It matches
// io.ErrUnexpectedEOF.
type IncompleteReadError struct {
	// Partial is what was read before the end, also returned as the value.
	Partial []byte
	// Expected is the count ReadExactly wanted; 0 for ReadUntil.
	Expected int
}

// Error says how much was read.
func (e *IncompleteReadError) Error() string {
	if e.Expected > 0 {
		return fmt.Sprintf("loop: stream ended after %d of %d bytes", len(e.Partial), e.Expected)
	}
	return fmt.Sprintf("loop: stream ended after %d bytes, before the delimiter", len(e.Partial))
}

// Is reports whether target is io.ErrUnexpectedEOF.
func (e *IncompleteReadError) Is(target error) bool { return target == io.ErrUnexpectedEOF }
