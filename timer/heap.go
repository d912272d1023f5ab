package timer

import "time"

// Timer is one deadline in a [Queue], carrying the Value its owner wants back when
// the deadline passes. Embed it in the struct that owns it, and queue it in one
// Queue only. The zero Timer is ready to use and not queued.
type Timer[T any] struct {
	when time.Duration // deadline on the owning loop's clock
	seq  uint64        // the push that queued it; 0 means not queued
	// Value is what the queue's owner acts on when the timer is due.
	Value T
}

// When returns the deadline the timer was last pushed with.
func (t *Timer[T]) When() time.Duration { return t.when }

// Queued reports whether the timer is waiting in a queue.
func (t *Timer[T]) Queued() bool { return t.seq != 0 }

// Queue is a min-heap of timers ordered by deadline, then by push order. It is a
// 4-ary heap, as the Go runtime's timer heap (runtime/time.go): shallower than a
// binary heap, and each entry carries its timer's deadline and push order, so
// comparing the four children of a node reads one or two cache lines and
// moving an entry touches no timer.
//
// Remove is O(1): it marks the timer's entry dead, as asyncio marks a cancelled
// TimerHandle; dead entries are dropped when they reach the top, and the heap is
// rebuilt without them once they are more than half of it. The zero Queue is
// empty and ready to use.
type Queue[T any] struct {
	heap []entry[T]
	seq  uint64
	dead int // entries whose timer was removed or pushed again since
}

// entry is a push of a timer, with its sort key, kept in the heap array. It is
// live while the timer's seq is still the entry's.
type entry[T any] struct {
	when time.Duration
	seq  uint64
	t    *Timer[T]
}

func (e *entry[T]) live() bool { return e.t.seq == e.seq }

func (e *entry[T]) less(o *entry[T]) bool {
	return e.when < o.when || (e.when == o.when && e.seq < o.seq)
}

// Len returns the number of queued timers.
func (q *Queue[T]) Len() int { return len(q.heap) - q.dead }

// Push queues t with deadline when. A timer that is already queued is moved to
// its new deadline, and it then counts as pushed last among equal deadlines.
func (q *Queue[T]) Push(t *Timer[T], when time.Duration) {
	if t.seq != 0 {
		q.Remove(t)
	}
	q.seq++
	t.when, t.seq = when, q.seq
	q.heap = append(q.heap, entry[T]{when, q.seq, t})
	q.up(len(q.heap) - 1)
}

// Peek returns the timer with the earliest deadline, or nil if the queue is empty.
func (q *Queue[T]) Peek() *Timer[T] {
	if !q.trim() {
		return nil
	}
	return q.heap[0].t
}

// Pop removes and returns the timer with the earliest deadline, or nil if the
// queue is empty.
func (q *Queue[T]) Pop() *Timer[T] {
	if !q.trim() {
		return nil
	}
	return q.popTop()
}

// PopDue removes and returns the earliest timer if its deadline is at or before
// now, and nil otherwise.
func (q *Queue[T]) PopDue(now time.Duration) *Timer[T] {
	if !q.trim() || q.heap[0].when > now {
		return nil
	}
	return q.popTop()
}

// Remove takes t out of the queue, in constant time, and reports whether it
// was queued. t must have been queued in q, if anywhere.
func (q *Queue[T]) Remove(t *Timer[T]) bool {
	if t.seq == 0 {
		return false
	}
	t.seq = 0
	q.dead++
	if q.dead > 64 && q.dead > len(q.heap)/2 {
		q.rebuild()
	}
	return true
}

// Shrink gives back memory after a peak: it drops the dead entries and, if
// the heap uses less than a quarter of the array it grew to, moves it into
// one twice its size. The queue keeps what it grew to otherwise, so that a
// steady load allocates nothing; its owner calls Shrink now and then (a loop:
// about once a second of its clock).
func (q *Queue[T]) Shrink() {
	if q.dead > 0 {
		q.rebuild()
	}
	if c := cap(q.heap); c > minShrink && len(q.heap) < c/4 {
		heap := make([]entry[T], len(q.heap), max(minShrink, 2*len(q.heap)))
		copy(heap, q.heap)
		q.heap = heap
	}
}

// minShrink is the capacity below which Shrink leaves a heap alone.
const minShrink = 64

// trim drops the dead entries at the top and reports whether a live one is
// left there.
func (q *Queue[T]) trim() bool {
	for len(q.heap) > 0 && !q.heap[0].live() {
		q.removeTop()
		q.dead--
	}
	return len(q.heap) > 0
}

func (q *Queue[T]) popTop() *Timer[T] {
	t := q.heap[0].t
	t.seq = 0
	q.removeTop()
	return t
}

func (q *Queue[T]) removeTop() {
	h := q.heap
	last := len(h) - 1
	h[0] = h[last]
	h[last] = entry[T]{}
	q.heap = h[:last]
	if last > 0 {
		q.down(0)
	}
}

// rebuild drops every dead entry and restores the heap order, in O(n).
func (q *Queue[T]) rebuild() {
	live := q.heap[:0]
	for _, e := range q.heap {
		if e.live() {
			live = append(live, e)
		}
	}
	clear(q.heap[len(live):])
	q.heap, q.dead = live, 0
	if len(live) > 1 {
		for i := (len(live) - 2) / 4; i >= 0; i-- {
			q.down(i)
		}
	}
}

// up moves the entry at i towards the root.
func (q *Queue[T]) up(i int) {
	h := q.heap
	e := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if !e.less(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// down moves the entry at i towards the leaves.
func (q *Queue[T]) down(i int) {
	h := q.heap
	n := len(h)
	e := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if h[j].less(&h[m]) {
				m = j
			}
		}
		if !h[m].less(&e) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = e
}
