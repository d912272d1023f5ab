package bench

import (
	"testing"

	"github.com/corio-go/corio/loop"
)

// BenchmarkWakeup measures how fast another goroutine gets a callback run by
// an idle loop: one operation is a round trip, CallSoonThreadsafe of a
// callback that signals back on an unbuffered channel, the caller waiting for
// the signal. The loop is idle between operations (blocked waiting for its
// wake-up), so each operation wakes it once and is woken once in return.
//
//   - corio: a default loop, its goroutine free to move between threads.
//   - corio-pinned: a loop pinned to its OS thread (loop.WithLockedThread).
//   - channel: the baseline, a round trip between two goroutines on
//     unbuffered channels.
func BenchmarkWakeup(b *testing.B) {
	b.Run("corio", func(b *testing.B) { benchWakeup(b, loop.New()) })
	b.Run("corio-pinned", func(b *testing.B) { benchWakeup(b, loop.New(loop.WithLockedThread(true))) })
	b.Run("channel", func(b *testing.B) {
		b.ReportAllocs()
		pingPong(b)
	})
}

func benchWakeup(b *testing.B, l *loop.Loop) {
	b.ReportAllocs()
	release := l.Hold() // the benchmark goroutine calls in while the loop waits
	ran := make(chan error, 1)
	go func() { // a pinned loop is run and closed on the same goroutine
		err := l.RunForever()
		release()
		if cerr := l.Close(); err == nil {
			err = cerr
		}
		ran <- err
	}()
	defer func() {
		if err := l.CallSoonThreadsafe(l.Stop); err != nil {
			b.Error(err)
		}
		if err := <-ran; err != nil {
			b.Error(err)
		}
	}()

	reply := make(chan struct{})
	signal := func() { reply <- struct{}{} }
	for b.Loop() {
		if err := l.CallSoonThreadsafe(signal); err != nil {
			b.Fatal(err)
		}
		<-reply
	}
}
