// Package list is the intrusive doubly linked list under corio's queues of
// tasks: a loop's live tasks and a WaitQueue's parked ones. The links live in
// the elements, so adding and removing allocate nothing.
package list

import "unsafe"

// Links are what an element of a List holds (embed them, and return them
// from its Links method).
type Links[T any] struct {
	prev, next *T
}

// Elem is a pointer to a list element: what List's methods take.
type Elem[T any] interface {
	*T
	Links() *Links[T]
}

// List is a first-in-first-out list of elements of type T. The zero List is
// empty and ready to use. An element is in at most one List at a time, and
// is given to the List methods of that one (or of any, while in none).
type List[T any, P Elem[T]] struct {
	head, tail *T
	n          int
	// off is where the Links sit in a T, learned from the first element
	// pushed: a method called through P goes through the generic
	// dictionary, not inlined, and the list's operations are on hot paths.
	off   uintptr
	known bool
}

// links returns e's Links.
func (l *List[T, P]) links(e *T) *Links[T] {
	if !l.known {
		k := P(e).Links()
		l.off = uintptr(unsafe.Pointer(k)) - uintptr(unsafe.Pointer(e))
		l.known = true
		return k
	}
	return (*Links[T])(unsafe.Add(unsafe.Pointer(e), l.off))
}

// Len returns the number of elements.
func (l *List[T, P]) Len() int { return l.n }

// Front returns the first element, or nil.
func (l *List[T, P]) Front() *T { return l.head }

// Next returns the element after e, or nil.
func (l *List[T, P]) Next(e *T) *T { return l.links(e).next }

// Contains reports whether e is in l (e must be in l or in none).
func (l *List[T, P]) Contains(e *T) bool { return l.n > 0 && (l.head == e || l.links(e).prev != nil) }

// PushBack adds e, which must be in no list, at the back.
func (l *List[T, P]) PushBack(e *T) {
	if l.Contains(e) {
		panic("list: PushBack of an element already in the list")
	}
	k := l.links(e)
	k.prev, k.next = l.tail, nil
	if l.tail == nil {
		l.head = e
	} else {
		l.links(l.tail).next = e
	}
	l.tail = e
	l.n++
}

// Remove takes e out of l and reports whether it was in it. e must be in l
// or in no list: the links do not say which list holds an element, only
// whether one holds it or it is l's first.
func (l *List[T, P]) Remove(e *T) bool {
	if !l.Contains(e) {
		return false
	}
	k := l.links(e)
	if k.prev == nil {
		l.head = k.next
	} else {
		l.links(k.prev).next = k.next
	}
	if k.next == nil {
		l.tail = k.prev
	} else {
		l.links(k.next).prev = k.prev
	}
	k.prev, k.next = nil, nil
	l.n--
	return true
}
