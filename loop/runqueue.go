package loop

import "github.com/corio-go/corio/coro"

// runQueue is the ready queue: a FIFO ring buffer of callbacks that grows by
// doubling, so a loop in its steady state allocates nothing per step, and
// shrinks when the loop trims after a peak (shrink).
type runQueue struct {
	buf  []coro.Callback // len(buf) is a power of two
	head int             // index of the oldest entry
	n    int
}

func (q *runQueue) len() int { return q.n }

func (q *runQueue) push(c coro.Callback) {
	if q.n == len(q.buf) {
		q.grow()
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = c
	q.n++
}

func (q *runQueue) pop() coro.Callback {
	c := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return c
}

func (q *runQueue) grow() {
	size := 2 * len(q.buf)
	if size == 0 {
		size = 64
	}
	buf := make([]coro.Callback, size)
	for i := 0; i < q.n; i++ {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
}

// shrink moves the entries into a smaller buffer when they fill less than an
// eighth of it: after a peak of a million ready tasks, the buffer goes back
// down within a few trims.
func (q *runQueue) shrink() {
	if len(q.buf) <= 64 || q.n > len(q.buf)/8 {
		return
	}
	buf := make([]coro.Callback, len(q.buf)/4)
	for i := 0; i < q.n; i++ {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
}

// clear drops every entry.
func (q *runQueue) clear() {
	for q.n > 0 {
		q.pop()
	}
}
