package bench

import (
	"sync"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

const (
	// sleepers is the number of concurrent sleeps in one operation of
	// BenchmarkSleep100k.
	sleepers = 100_000
	// sleepFor is how long each of them sleeps.
	sleepFor = 10 * time.Millisecond
)

// BenchmarkSleep100k measures sleepers concurrent sleeps of sleepFor on the
// real clock: ns/op is the wall time of the whole batch, sleepFor included,
// and ns/task that time divided among the sleepers. What exceeds sleepFor is
// the cost of starting, timing and ending them.
//
// Each variant first runs one batch untimed. The first batch of a process
// touches fresh memory for 100k stacks, and those page faults (tens of
// microseconds each on a virtual machine) would otherwise swamp whatever
// variant happens to run first; the later batches reuse the memory.
func BenchmarkSleep100k(b *testing.B) {
	// corio: one loop on the real clock for the whole benchmark; each
	// operation spawns the sleepers and awaits them all in order.
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New()
		defer l.Close()
		tasks := make([]*coro.Task[struct{}], sleepers)
		sleeper := coro.Coroutine(func(yield coro.Yield) {
			coro.Sleep(sleepFor).Await(yield)
		})
		batch := coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			for i := range tasks {
				tasks[i] = coro.Spawn(yield, sleeper)
			}
			for _, t := range tasks {
				if _, err := t.Await(yield); err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		})
		run := func() {
			if _, err := loop.RunUntilComplete(l, batch); err != nil {
				b.Fatal(err)
			}
		}
		run() // warm-up, untimed: b.Loop starts the clock
		for b.Loop() {
			run()
		}
		clear(tasks)
		reportPer(b, sleepers, "ns/task")
	})

	// goroutines: as many goroutines in time.Sleep, joined by a WaitGroup.
	b.Run("goroutines", func(b *testing.B) {
		b.ReportAllocs()
		run := func() {
			var wg sync.WaitGroup
			for range sleepers {
				wg.Go(func() { time.Sleep(sleepFor) })
			}
			wg.Wait()
		}
		run() // warm-up, untimed: b.Loop starts the clock
		for b.Loop() {
			run()
		}
		reportPer(b, sleepers, "ns/task")
	})
}
