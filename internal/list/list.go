// Package list is the intrusive doubly linked list under corio's queues of
// tasks: a loop's live tasks and a WaitQueue's parked ones. The links live in
// the elements, so adding and removing allocate nothing, and an element knows
// whether it is in a list.
package list

// Links are what an element of a List holds (embed them, and return them
// from its Links method).
type Links[T any] struct {
	prev, next *T
	in         bool
}

// Elem is a pointer to a list element: what List's methods take.
type Elem[T any] interface {
	*T
	Links() *Links[T]
}

// List is a first-in-first-out list of elements of type T. The zero List is
// empty and ready to use. An element is in at most one List at a time.
type List[T any, P Elem[T]] struct {
	head, tail *T
	n          int
}

// Len returns the number of elements.
func (l *List[T, P]) Len() int { return l.n }

// Front returns the first element, or nil.
func (l *List[T, P]) Front() *T { return l.head }

// Next returns the element after e, or nil.
func (l *List[T, P]) Next(e *T) *T { return P(e).Links().next }

// Contains reports whether e is in a list.
func (l *List[T, P]) Contains(e *T) bool { return P(e).Links().in }

// PushBack adds e, which must be in no list, at the back.
func (l *List[T, P]) PushBack(e *T) {
	k := P(e).Links()
	if k.in {
		panic("list: PushBack of an element already in a list")
	}
	k.prev, k.next, k.in = l.tail, nil, true
	if l.tail == nil {
		l.head = e
	} else {
		P(l.tail).Links().next = e
	}
	l.tail = e
	l.n++
}

// Remove takes e out of l and reports whether it was in it (in any list: e
// must be in l or in none).
func (l *List[T, P]) Remove(e *T) bool {
	k := P(e).Links()
	if !k.in {
		return false
	}
	if k.prev == nil {
		l.head = k.next
	} else {
		P(k.prev).Links().next = k.next
	}
	if k.next == nil {
		l.tail = k.prev
	} else {
		P(k.next).Links().prev = k.prev
	}
	k.prev, k.next, k.in = nil, nil, false
	l.n--
	return true
}
