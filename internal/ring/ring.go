// Package ring is the first-in-first-out ring buffer under corio's queues:
// the loop's ready queue and coro's Queue. It grows by doubling, so a queue
// in its steady state allocates nothing per item, and shrinks on request
// after a peak.
package ring

// Buffer is a FIFO of items. The zero Buffer is empty and ready to use.
type Buffer[T any] struct {
	buf  []T // len(buf) is zero or a power of two
	head int // index of the oldest item
	n    int
}

// minSize is the smallest buffer, once there is one.
const minSize = 8

// Len returns the number of items.
func (b *Buffer[T]) Len() int { return b.n }

// Push adds v at the back.
func (b *Buffer[T]) Push(v T) {
	if b.n == len(b.buf) {
		b.resize(max(2*len(b.buf), minSize))
	}
	b.buf[(b.head+b.n)&(len(b.buf)-1)] = v
	b.n++
}

// Pop removes and returns the item at the front. It panics if b is empty.
func (b *Buffer[T]) Pop() T {
	if b.n == 0 {
		panic("ring: Pop of an empty Buffer")
	}
	var zero T
	v := b.buf[b.head]
	b.buf[b.head] = zero // let the garbage collector have it
	b.head = (b.head + 1) & (len(b.buf) - 1)
	b.n--
	return v
}

// At returns the i-th item from the front, without removing it.
func (b *Buffer[T]) At(i int) T {
	if i < 0 || i >= b.n {
		panic("ring: index out of range")
	}
	return b.buf[(b.head+i)&(len(b.buf)-1)]
}

// Shrink moves the items into a smaller buffer when they fill less than an
// eighth of it: after a peak of a million items, the memory goes back down
// within a few calls.
func (b *Buffer[T]) Shrink() {
	if len(b.buf) <= 64 || b.n > len(b.buf)/8 {
		return
	}
	b.resize(len(b.buf) / 4)
}

// Clear drops every item and the buffer's memory.
func (b *Buffer[T]) Clear() { *b = Buffer[T]{} }

// Cap returns the size of the buffer, for tests of its memory.
func (b *Buffer[T]) Cap() int { return len(b.buf) }

func (b *Buffer[T]) resize(size int) {
	buf := make([]T, size)
	for i := range b.n {
		buf[i] = b.buf[(b.head+i)&(len(b.buf)-1)]
	}
	b.buf, b.head = buf, 0
}
