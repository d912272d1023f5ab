package bench

import (
	"runtime"
	"sync"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// BenchmarkLockHandoff measures a contended lock passed back and forth
// between two tasks: each takes the lock, lets the other run (which then
// waits for the lock), and releases it, handing it over. One operation is one
// acquire and release (ns/handoff).
//
//   - corio: a coro.Lock between two tasks; the other runs at a Sleep(0).
//   - mutex: a sync.Mutex between two goroutines; the other runs at a
//     runtime.Gosched.
func BenchmarkLockHandoff(b *testing.B) {
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		l := loop.New(loop.WithVirtualClock())
		defer l.Close()
		var mu coro.Lock
		stop := false
		worker := coro.Coroutine(func(yield coro.Yield) {
			for !stop {
				if mu.Acquire(yield) != nil {
					return
				}
				if stop { // handed the lock after the other saw the end
					mu.Release()
					return
				}
				if !b.Loop() {
					stop = true
				}
				coro.Sleep(0).Await(yield)
				mu.Release()
			}
		})
		main := coro.Coroutine(func(yield coro.Yield) {
			a, c := coro.Spawn(yield, worker), coro.Spawn(yield, worker)
			a.Await(yield)
			c.Await(yield)
		})
		if _, err := loop.RunUntilComplete(l, main); err != nil {
			b.Fatal(err)
		}
		reportPer(b, 1, "ns/handoff")
	})
	b.Run("mutex", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := false
		for range 2 {
			wg.Go(func() {
				for {
					mu.Lock()
					if stop {
						mu.Unlock()
						return
					}
					if !b.Loop() {
						stop = true
					}
					runtime.Gosched()
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		reportPer(b, 1, "ns/handoff")
	})
}
