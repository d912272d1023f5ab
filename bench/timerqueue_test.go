package bench

import (
	"container/heap"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/corio-go/corio/timer"
)

// benchPending is how many timers wait in the queue while the benchmarks run.
const benchPending = 100_000

// benchDelay returns a delay in [0, 1s), the same sequence for every run of one r.
func benchDelay(r *rand.Rand) time.Duration { return time.Duration(r.Int64N(int64(time.Second))) }

// BenchmarkTimerQueue measures a push and a pop with 100k timers pending, as a loop
// does when a timer fires and its owner sets the next one; the baseline is
// container/heap with the same ordering.
func BenchmarkTimerQueue(b *testing.B) {
	b.Run("corio", func(b *testing.B) {
		b.ReportAllocs()
		r := rand.New(rand.NewPCG(1, 2))
		var q timer.Queue[struct{}]
		timers := make([]timer.Timer[struct{}], benchPending+1)
		for i := range benchPending {
			q.Push(&timers[i], benchDelay(r))
		}
		spare := &timers[benchPending]
		var now time.Duration
		for b.Loop() {
			q.Push(spare, now+benchDelay(r))
			spare = q.Pop()
			now = spare.When()
		}
	})
	b.Run("container-heap", func(b *testing.B) {
		b.ReportAllocs()
		r := rand.New(rand.NewPCG(1, 2))
		h := make(entryHeap, 0, benchPending+1)
		entries := make([]heapEntry, benchPending+1)
		var seq uint64
		for i := range benchPending {
			seq++
			entries[i] = heapEntry{when: benchDelay(r), seq: seq}
			heap.Push(&h, &entries[i])
		}
		spare := &entries[benchPending]
		var now time.Duration
		for b.Loop() {
			seq++
			spare.when, spare.seq = now+benchDelay(r), seq
			heap.Push(&h, spare)
			spare = heap.Pop(&h).(*heapEntry)
			now = spare.when
		}
	})
}

// heapEntry and entryHeap are the container/heap baseline for BenchmarkTimerQueue.
type heapEntry struct {
	when time.Duration
	seq  uint64
}

type entryHeap []*heapEntry

func (h entryHeap) Len() int { return len(h) }
func (h entryHeap) Less(i, j int) bool {
	return h[i].when < h[j].when || (h[i].when == h[j].when && h[i].seq < h[j].seq)
}
func (h entryHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *entryHeap) Push(x any)   { *h = append(*h, x.(*heapEntry)) }
func (h *entryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return x
}
