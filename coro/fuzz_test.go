package coro_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/corio-go/corio/coro"
)

// FuzzQueues runs a sequence of operations, read from the fuzzer's bytes, on
// a FIFO, a LIFO and a priority Queue and on a plain model of each, and
// checks that they agree at every step: TryPut, TryGet (values and errors),
// TaskDone, Shutdown, Len, Full and Empty. CI runs it briefly; run it longer
// with
//
//	go test -run '^$' -fuzz FuzzQueues -fuzztime 5000000x ./coro
func FuzzQueues(f *testing.F) {
	f.Add(byte(3), []byte{0, 5, 0, 7, 1, 0, 0, 5, 1, 0, 1, 0, 1, 0})
	f.Add(byte(0), []byte{0, 1, 0, 1, 0, 1, 3, 0, 0, 2, 1, 0, 1, 0, 1, 0})
	f.Fuzz(func(t *testing.T, bound byte, ops []byte) {
		maxsize := int(bound % 6) // 0: unbounded
		queues := []struct {
			name string
			q    *coro.Queue[int]
			take func(model []int) int // the index the next TryGet takes
		}{
			{"fifo", coro.NewQueue[int](maxsize), func([]int) int { return 0 }},
			{"lifo", coro.NewLifoQueue[int](maxsize), func(m []int) int { return len(m) - 1 }},
			{"priority", coro.NewPriorityQueue(maxsize, func(a, b int) bool { return a < b }), func(m []int) int {
				return slices.Index(m, slices.Min(m)) // the first of the smallest: FIFO among equals
			}},
		}
		for _, c := range queues {
			var model []int
			unfinished, shut := 0, false
			for k := 0; k+1 < len(ops); k += 2 {
				op, v := ops[k]%4, int(ops[k+1]%8)
				switch op {
				case 0:
					err := c.q.TryPut(v)
					switch {
					case shut:
						if !errors.Is(err, coro.ErrQueueShutDown) {
							t.Fatalf("%s: TryPut after Shutdown = %v", c.name, err)
						}
					case maxsize > 0 && len(model) == maxsize:
						if !errors.Is(err, coro.ErrQueueFull) {
							t.Fatalf("%s: TryPut on a full queue = %v", c.name, err)
						}
					default:
						if err != nil {
							t.Fatalf("%s: TryPut = %v", c.name, err)
						}
						model = append(model, v)
						unfinished++
					}
				case 1:
					got, err := c.q.TryGet()
					if len(model) == 0 {
						want := coro.ErrQueueEmpty
						if shut {
							want = coro.ErrQueueShutDown
						}
						if !errors.Is(err, want) {
							t.Fatalf("%s: TryGet of an empty queue = %v, %v; want %v", c.name, got, err, want)
						}
						continue
					}
					i := c.take(model)
					if want := model[i]; got != want || err != nil {
						t.Fatalf("%s: TryGet = %v, %v; want %v (model %v)", c.name, got, err, want, model)
					}
					model = slices.Delete(model, i, i+1)
				case 2:
					if unfinished > 0 {
						c.q.TaskDone()
						unfinished--
					}
				case 3:
					if v == 0 { // now and then
						c.q.Shutdown(false)
						shut = true
					}
				}
				if c.q.Len() != len(model) || c.q.Empty() != (len(model) == 0) ||
					c.q.Full() != (maxsize > 0 && len(model) >= maxsize) || c.q.IsShutdown() != shut {
					t.Fatalf("%s: Len %d Empty %v Full %v IsShutdown %v; model %v, shut %v",
						c.name, c.q.Len(), c.q.Empty(), c.q.Full(), c.q.IsShutdown(), model, shut)
				}
			}
		}
	})
}
