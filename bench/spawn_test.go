package bench

import (
	"fmt"
	"iter"
	"sync"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// awaitOnce is the body of every spawned task: one await that suspends (a
// Sleep(0), woken by the loop in its next turn), then a result.
var awaitOnce coro.Func[int] = func(yield coro.Yield) (int, error) {
	if _, err := coro.Sleep(0).Await(yield); err != nil {
		return 0, err
	}
	return 1, nil
}

// BenchmarkSpawn measures the life of a short task: spawn it, let it await
// once, complete it and collect its result. One operation is a batch of tasks
// (1 or 1000); ns/task is the time per task.
//
//   - corio: one loop for the whole benchmark; each operation is a
//     RunUntilComplete of a coroutine that spawns the batch and awaits every
//     task in order.
//   - goroutines: each goroutine awaits once by receiving from a channel the
//     parent closes, then sends its result on a channel buffered for the whole
//     batch; the parent collects them all.
//   - waitgroup: the same with sync.WaitGroup.Go, each goroutine writing its
//     result into its own slot.
//   - pull: the floor under corio, what the switches alone cost: two round
//     trips into each of batch parked iter.Pull coroutines (the first step up
//     to the await, the second to the end), with no scheduler and no task.
func BenchmarkSpawn(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		b.Run(fmt.Sprintf("batch=%d/pull", batch), func(b *testing.B) { spawnFloor(b, batch) })
		b.Run(fmt.Sprintf("batch=%d/corio", batch), func(b *testing.B) { spawnCorio(b, batch) })
		b.Run(fmt.Sprintf("batch=%d/goroutines", batch), func(b *testing.B) { spawnGoroutines(b, batch) })
		b.Run(fmt.Sprintf("batch=%d/waitgroup", batch), func(b *testing.B) { spawnWaitGroup(b, batch, "ns/task") })
	}
}

func spawnCorio(b *testing.B, batch int) {
	b.ReportAllocs()
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	tasks := make([]*coro.Task[int], batch)
	spawnAll := coro.Func[int](func(yield coro.Yield) (int, error) {
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
		v, err := loop.RunUntilComplete(l, spawnAll)
		if err != nil {
			b.Fatal(err)
		}
		if v != batch {
			b.Fatalf("sum of results = %v, want %d", v, batch)
		}
	}
	reportPer(b, batch, "ns/task")
}

func spawnFloor(b *testing.B, batch int) {
	b.ReportAllocs()
	nexts := make([]func() (int, bool), batch)
	for i := range nexts {
		next, stop := iter.Pull(func(yield func(int) bool) {
			for yield(0) && yield(1) {
			}
		})
		defer stop()
		nexts[i] = next
	}
	for b.Loop() {
		for _, next := range nexts {
			next() // the first step, up to the await
		}
		for _, next := range nexts {
			next() // the second, to the end
		}
	}
	reportPer(b, batch, "ns/task")
}

func spawnGoroutines(b *testing.B, batch int) {
	b.ReportAllocs()
	results := make(chan int, batch)
	for b.Loop() {
		start := make(chan struct{})
		for range batch {
			go func() {
				<-start
				results <- 1
			}()
		}
		close(start)
		sum := 0
		for range batch {
			sum += <-results
		}
		if sum != batch {
			b.Fatalf("sum of results = %d, want %d", sum, batch)
		}
	}
	reportPer(b, batch, "ns/task")
}

// spawnWaitGroup is the waitgroup variant of BenchmarkSpawn, and of
// BenchmarkGather; it reports per unit.
func spawnWaitGroup(b *testing.B, batch int, unit string) {
	b.ReportAllocs()
	results := make([]int, batch)
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
		if sum != batch {
			b.Fatalf("sum of results = %d, want %d", sum, batch)
		}
		clear(results)
	}
	reportPer(b, batch, unit)
}
