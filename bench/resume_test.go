package bench

import (
	"fmt"
	"iter"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// BenchmarkResume measures one resume of a suspended task, with 10 and with
// 10,000 tasks taking turns. One operation is one resume: a switch into the
// task and a switch back, reported as ns/resume.
//
//   - corio: tasks awaiting Sleep(0) in a loop; each resume is the loop popping the
//     task from the ready queue, switching into its coroutine (iter.Pull next)
//     and the task switching back at its next await, plus its share of a loop
//     turn.
//   - pull: the floor under corio, bare iter.Pull next() calls on as many
//     coroutines that yield in a loop, round robin, with no scheduler at all.
//   - channel: what goroutines pay for the same, a ping-pong round trip on
//     unbuffered channels between a driver and as many echo goroutines, round
//     robin.
func BenchmarkResume(b *testing.B) {
	for _, n := range []int{10, 10_000} {
		b.Run(fmt.Sprintf("tasks=%d/corio", n), func(b *testing.B) { resumeCorio(b, n) })
		b.Run(fmt.Sprintf("tasks=%d/pull", n), func(b *testing.B) { resumePull(b, n) })
		b.Run(fmt.Sprintf("tasks=%d/channel", n), func(b *testing.B) { resumeChannel(b, n) })
	}
}

// resumeCorio has the tasks themselves call b.Loop, so that one iteration is
// exactly one resume with no batching: each task checks b.Loop, then yields
// to the next. They run one at a time on the benchmark goroutine (inside
// RunUntilComplete), so b is never used concurrently. Once b.Loop has said
// stop, no task calls it again.
func resumeCorio(b *testing.B, n int) {
	b.ReportAllocs()
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	stop := false
	yielder := coro.Coroutine(func(yield coro.Yield) {
		// Warm up: every task has its coroutine before the clock starts.
		if _, err := coro.Sleep(0).Await(yield); err != nil {
			return
		}
		for !stop && b.Loop() {
			if _, err := coro.Sleep(0).Await(yield); err != nil {
				return
			}
		}
		stop = true
	})
	main := coro.Coroutine(func(yield coro.Yield) {
		tasks := make([]*coro.Task[struct{}], n)
		for i := range tasks {
			tasks[i] = coro.Spawn(yield, yielder)
		}
		for _, t := range tasks {
			t.Await(yield)
		}
	})
	if _, err := loop.RunUntilComplete(l, main); err != nil {
		b.Fatal(err)
	}
	if !stop {
		b.Fatal("the tasks returned before b.Loop was done")
	}
	reportPer(b, 1, "ns/resume")
}

func resumePull(b *testing.B, n int) {
	b.ReportAllocs()
	nexts := make([]func() (struct{}, bool), n)
	for i := range nexts {
		next, stop := iter.Pull(func(yield func(struct{}) bool) {
			for yield(struct{}{}) {
			}
		})
		defer stop()
		next() // started, as the corio tasks are
		nexts[i] = next
	}
	i := 0
	for b.Loop() {
		nexts[i]()
		if i++; i == n {
			i = 0
		}
	}
	reportPer(b, 1, "ns/resume")
}

func resumeChannel(b *testing.B, n int) {
	b.ReportAllocs()
	pings := make([]chan struct{}, n)
	pong := make(chan struct{})
	for i := range pings {
		pings[i] = make(chan struct{})
		go func() {
			for range pings[i] {
				pong <- struct{}{}
			}
			pong <- struct{}{} // ended
		}()
	}
	defer func() {
		for _, p := range pings {
			close(p)
			<-pong
		}
	}()
	i := 0
	for b.Loop() {
		pings[i] <- struct{}{}
		<-pong
		if i++; i == n {
			i = 0
		}
	}
	reportPer(b, 1, "ns/resume")
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
