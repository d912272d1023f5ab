package sim

import (
	"fmt"

	"github.com/corio-go/corio/coro"
)

// Store holds items that tasks put and get: SimPy's Store, and with
// NewPriorityStore its PriorityStore. It is a coro.Queue (Put waits while the
// store is full, Get while it is empty, waiting tasks are served in the order
// they came, a cancelled Put or Get loses nothing) that also keeps the number
// of items over time (LenOverTime).
//
// A Store belongs to the loop of the first task that uses it, and is used on
// that loop's goroutine.
type Store[T any] struct {
	q *coro.Queue[T]
	owner
	items Level
}

// NewStore returns a store that holds up to capacity items, first in first
// out; 0 means no limit.
func NewStore[T any](capacity int) *Store[T] {
	return &Store[T]{q: coro.NewQueue[T](capacity)}
}

// NewPriorityStore returns a store whose Get takes the least item first, by
// less; 0 capacity means no limit.
func NewPriorityStore[T any](capacity int, less func(a, b T) bool) *Store[T] {
	return &Store[T]{q: coro.NewPriorityQueue(capacity, less)}
}

// Put adds v, waiting while the store is full.
func (s *Store[T]) Put(yield coro.Yield, v T) error {
	if _, err := s.bind(yield, "Store"); err != nil {
		return err
	}
	if err := s.q.Put(yield, v); err != nil {
		return err
	}
	s.items.Set(s.now(), float64(s.q.Len()))
	return nil
}

// Get takes the next item, waiting while the store is empty.
func (s *Store[T]) Get(yield coro.Yield) (T, error) {
	if _, err := s.bind(yield, "Store"); err != nil {
		var zero T
		return zero, err
	}
	v, err := s.q.Get(yield)
	if err == nil {
		s.items.Set(s.now(), float64(s.q.Len()))
	}
	return v, err
}

// Len returns the number of items in the store.
func (s *Store[T]) Len() int { return s.q.Len() }

// Cap returns the store's capacity; 0 means no limit.
func (s *Store[T]) Cap() int { return s.q.Cap() }

// LenOverTime returns the number of items over time.
func (s *Store[T]) LenOverTime() *Level { return &s.items }

// String describes the store: "Store[items:3, capacity:10]".
func (s *Store[T]) String() string {
	return fmt.Sprintf("Store[items:%d, capacity:%d]", s.q.Len(), s.q.Cap())
}
