package bench

import (
	"sync"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// spawnBatch is the number of tasks one operation of BenchmarkSpawn spawns,
// awaits once and completes.
const spawnBatch = 1000

// awaitOnce is the body of every spawned task: one await that suspends (a
// Yield, woken by the loop in its next turn), then a result.
var awaitOnce coro.Func[int] = func(yield func(coro.Awaitable) bool) (int, error) {
	if err := coro.Yield().Await(yield); err != nil {
		return 0, err
	}
	return 1, nil
}

// BenchmarkSpawn measures the life of a short task: spawn it, let it await
// once, complete it and collect its result. One operation is a batch of
// spawnBatch tasks; ns/task is the time per task.
func BenchmarkSpawn(b *testing.B) {
	// corio: one loop for the whole benchmark; each operation is a
	// RunUntilComplete of a coroutine that spawns the batch and awaits every
	// task in order.
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New(loop.WithVirtualClock())
		defer l.Close()
		tasks := make([]*coro.Task[int], spawnBatch)
		batch := coro.Func[int](func(yield func(coro.Awaitable) bool) (int, error) {
			for i := range tasks {
				tasks[i] = coro.Spawn(yield, awaitOnce)
			}
			sum := 0
			for _, t := range tasks {
				n, err := t.Await(yield)
				if err != nil {
					return 0, err
				}
				sum += n
			}
			return sum, nil
		})
		for b.Loop() {
			v, err := l.RunUntilComplete(batch)
			if err != nil {
				b.Fatal(err)
			}
			if v != spawnBatch {
				b.Fatalf("sum of results = %v, want %d", v, spawnBatch)
			}
		}
		reportPer(b, spawnBatch, "ns/task")
	})

	// goroutines: each goroutine awaits once by receiving from a channel the
	// parent closes, then sends its result; the parent collects them all. The
	// result channel is buffered for the whole batch, so no goroutine waits
	// for the parent to receive.
	b.Run("goroutines", func(b *testing.B) {
		b.ReportAllocs()
		results := make(chan int, spawnBatch)
		for b.Loop() {
			start := make(chan struct{})
			for range spawnBatch {
				go func() {
					<-start
					results <- 1
				}()
			}
			close(start)
			sum := 0
			for range spawnBatch {
				sum += <-results
			}
			if sum != spawnBatch {
				b.Fatalf("sum of results = %d, want %d", sum, spawnBatch)
			}
		}
		reportPer(b, spawnBatch, "ns/task")
	})

	// waitgroup: the same with sync.WaitGroup.Go; each goroutine awaits the
	// start channel once and writes its result into its own slot.
	b.Run("waitgroup", func(b *testing.B) {
		b.ReportAllocs()
		results := make([]int, spawnBatch)
		for b.Loop() {
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range results {
				wg.Go(func() {
					<-start
					results[i] = 1
				})
			}
			close(start)
			wg.Wait()
			sum := 0
			for _, n := range results {
				sum += n
			}
			if sum != spawnBatch {
				b.Fatalf("sum of results = %d, want %d", sum, spawnBatch)
			}
			clear(results)
		}
		reportPer(b, spawnBatch, "ns/task")
	})
}
