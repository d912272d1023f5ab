package coro

// deque is a first-in-first-out ring buffer of items that grows by doubling,
// so a queue in its steady state allocates nothing per item.
type deque[T any] struct {
	buf  []T // len(buf) is zero or a power of two
	head int // index of the oldest item
	n    int
}

func (d *deque[T]) len() int { return d.n }

func (d *deque[T]) pushBack(v T) {
	if d.n == len(d.buf) {
		d.grow()
	}
	d.buf[(d.head+d.n)&(len(d.buf)-1)] = v
	d.n++
}

func (d *deque[T]) popFront() T {
	var zero T
	v := d.buf[d.head]
	d.buf[d.head] = zero // let the garbage collector have it
	d.head = (d.head + 1) & (len(d.buf) - 1)
	d.n--
	return v
}

func (d *deque[T]) grow() {
	size := max(2*len(d.buf), 8)
	buf := make([]T, size)
	for i := range d.n {
		buf[i] = d.buf[(d.head+i)&(len(d.buf)-1)]
	}
	d.buf, d.head = buf, 0
}
