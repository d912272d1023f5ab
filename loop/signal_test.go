//go:build unix

package loop_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestInterruptCancelsMain sends the process a SIGINT while Run's main task
// waits, and checks that main is cancelled cleanly: its deferred cleanup
// runs, a child task is cancelled too, and Run returns the cancellation with
// ErrInterrupted as its cause.
func TestInterruptCancelsMain(t *testing.T) {
	var cleaned, childCancelled bool
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		defer func() { cleaned = true }()
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			never := make(chan int)
			if _, _, err := loop.Recv(yield, never); errors.Is(err, coro.ErrCancelled) {
				childCancelled = true
			}
		}))
		coro.Sleep(0).Await(yield) // the child is waiting; Run listens for SIGINT
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
			return struct{}{}, err
		}
		never := make(chan int)
		_, _, err := loop.Recv(yield, never) // holds the loop until the signal comes
		return struct{}{}, err
	}), loop.WithVirtualClock())
	if !errors.Is(err, coro.ErrCancelled) || !errors.Is(err, loop.ErrInterrupted) {
		t.Errorf("Run after SIGINT: %v, want a cancellation caused by ErrInterrupted", err)
	}
	if !cleaned || !childCancelled {
		t.Errorf("main cleaned up %v, child cancelled %v; want both", cleaned, childCancelled)
	}
}
