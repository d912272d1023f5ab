package bench

import (
	"iter"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// resumeTasks is the number of tasks that take turns in BenchmarkResume.
const resumeTasks = 10

// BenchmarkResume measures one resume of a suspended task. One operation is
// one resume, and ns/switch counts the same way for every variant: a resume is
// two goroutine switches, so ns/switch = ns/op / 2.
//
//   - corio: the loop switches into a task (its worker's iter.Pull next) and
//     the task, awaiting Yield, switches back (the Pull's yield). That is two
//     switches plus the scheduler's share: the ready queue push and pop, and
//     one tenth of a loop turn, as resumeTasks tasks share each turn.
//   - pull: a bare iter.Pull next() on a coroutine that yields in a loop, two
//     switches with no scheduler at all: the floor under corio.
//   - channel: a ping-pong round trip between two goroutines on unbuffered
//     channels, two switches through the Go scheduler.
func BenchmarkResume(b *testing.B) {
	// The tasks themselves call b.Loop, so that one iteration is exactly one
	// resume with no batching: each task checks b.Loop, then yields to the
	// next. They run one at a time on the loop's goroutine's behalf (the
	// benchmark goroutine, inside RunUntilComplete), so b is never used
	// concurrently. Once b.Loop has said stop, no task calls it again.
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New(loop.WithVirtualClock())
		defer l.Close()
		stop := false
		yielder := coro.Coroutine(func(yield func(coro.Awaitable) bool) {
			// Warm up: every task gets its worker before the clock starts.
			if err := coro.Yield().Await(yield); err != nil {
				return
			}
			for !stop && b.Loop() {
				if err := coro.Yield().Await(yield); err != nil {
					return
				}
			}
			stop = true
		})
		main := coro.Coroutine(func(yield func(coro.Awaitable) bool) {
			var tasks [resumeTasks]*coro.Task[struct{}]
			for i := range tasks {
				tasks[i] = coro.Spawn(yield, yielder)
			}
			for _, t := range tasks {
				t.Await(yield)
			}
		})
		if _, err := l.RunUntilComplete(main); err != nil {
			b.Fatal(err)
		}
		if !stop {
			b.Fatal("the tasks returned before b.Loop was done")
		}
		reportPer(b, 2, "ns/switch")
	})

	b.Run("pull", func(b *testing.B) {
		b.ReportAllocs()
		next, stop := iter.Pull(func(yield func(struct{}) bool) {
			for yield(struct{}{}) {
			}
		})
		defer stop()
		for b.Loop() {
			next()
		}
		reportPer(b, 2, "ns/switch")
	})

	b.Run("channel", func(b *testing.B) {
		b.ReportAllocs()
		pingPong(b)
		reportPer(b, 2, "ns/switch")
	})
}

// pingPong runs b.Loop with one round trip per iteration between the
// benchmark goroutine and an echo goroutine, on unbuffered channels. The echo
// goroutine has ended when it returns.
func pingPong(b *testing.B) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(pong)
		for range ping {
			pong <- struct{}{}
		}
	}()
	defer func() {
		close(ping)
		for range pong { // wait for the echo goroutine to end
		}
	}()
	for b.Loop() {
		ping <- struct{}{}
		<-pong
	}
}
