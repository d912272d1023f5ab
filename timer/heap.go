package timer

import "time"

// Timer is one deadline in a [Queue], carrying the Value its owner wants back when
// the deadline passes. Embed it in the struct that owns it: the queue keeps a
// pointer to it and its position, so a Timer must not be copied while queued.
// The zero Timer is ready to use and not queued.
type Timer[T any] struct {
	when time.Duration // deadline on the owning loop's clock
	seq  uint64        // push order: breaks ties between equal deadlines, FIFO
	pos  int           // index in the heap plus one; 0 means not queued
	// Value is what the queue's owner acts on when the timer is due.
	Value T
}

// When returns the deadline the timer was last pushed with.
func (t *Timer[T]) When() time.Duration { return t.when }

// Queued reports whether the timer is waiting in a queue.
func (t *Timer[T]) Queued() bool { return t.pos != 0 }

// Queue is a min-heap of timers ordered by deadline, then by push order. It is a
// 4-ary heap, as the Go runtime's timer heap (runtime/time.go): shallower than a
// binary heap, so a push or a pop touches fewer cache lines. The zero Queue is
// empty and ready to use.
type Queue[T any] struct {
	heap []*Timer[T]
	seq  uint64
}

// Len returns the number of queued timers.
func (q *Queue[T]) Len() int { return len(q.heap) }

// Push queues t with deadline when. A timer that is already queued is moved to
// its new deadline, and it then counts as pushed last among equal deadlines.
func (q *Queue[T]) Push(t *Timer[T], when time.Duration) {
	if t.pos != 0 {
		q.Remove(t)
	}
	q.seq++
	t.when, t.seq = when, q.seq
	q.heap = append(q.heap, t)
	t.pos = len(q.heap)
	q.up(len(q.heap) - 1)
}

// Peek returns the timer with the earliest deadline, or nil if the queue is empty.
func (q *Queue[T]) Peek() *Timer[T] {
	if len(q.heap) == 0 {
		return nil
	}
	return q.heap[0]
}

// Pop removes and returns the timer with the earliest deadline, or nil if the
// queue is empty.
func (q *Queue[T]) Pop() *Timer[T] {
	if len(q.heap) == 0 {
		return nil
	}
	t := q.heap[0]
	q.removeAt(0)
	return t
}

// PopDue removes and returns the earliest timer if its deadline is at or before
// now, and nil otherwise.
func (q *Queue[T]) PopDue(now time.Duration) *Timer[T] {
	if len(q.heap) == 0 || q.heap[0].when > now {
		return nil
	}
	t := q.heap[0]
	q.removeAt(0)
	return t
}

// Remove takes t out of the queue in O(log n) and reports whether it was queued.
// It panics if t is queued in another Queue.
func (q *Queue[T]) Remove(t *Timer[T]) bool {
	if t.pos == 0 {
		return false
	}
	i := t.pos - 1
	if i >= len(q.heap) || q.heap[i] != t {
		panic("timer: Remove of a timer queued in another Queue")
	}
	q.removeAt(i)
	return true
}

func (q *Queue[T]) removeAt(i int) {
	h := q.heap
	last := len(h) - 1
	h[i].pos = 0
	if i != last {
		h[i] = h[last]
		h[i].pos = i + 1
	}
	h[last] = nil
	q.heap = h[:last]
	if i != last {
		if !q.up(i) {
			q.down(i)
		}
	}
}

func less[T any](a, b *Timer[T]) bool {
	return a.when < b.when || (a.when == b.when && a.seq < b.seq)
}

// up moves the timer at i towards the root and reports whether it moved.
func (q *Queue[T]) up(i int) bool {
	h := q.heap
	t := h[i]
	start := i
	for i > 0 {
		p := (i - 1) / 4
		if !less(t, h[p]) {
			break
		}
		h[i] = h[p]
		h[i].pos = i + 1
		i = p
	}
	h[i] = t
	t.pos = i + 1
	return i != start
}

func (q *Queue[T]) down(i int) {
	h := q.heap
	n := len(h)
	t := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if less(h[j], h[m]) {
				m = j
			}
		}
		if !less(h[m], t) {
			break
		}
		h[i] = h[m]
		h[i].pos = i + 1
		i = m
	}
	h[i] = t
	t.pos = i + 1
}
