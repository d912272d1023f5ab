package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/corio-go/corio/coro"
)

// FilterStore is a Store whose Get takes the first item that passes a filter:
// SimPy's FilterStore, for shops that hand out a machine of the right kind or a
// message for the right recipient. Getters are served in the order they came
// among those an item passes; one whose filter passes nothing waits without
// holding back those behind it.
//
// A FilterStore belongs to the loop of the first task that uses it, and is
// used on that loop's goroutine.
type FilterStore[T any] struct {
	items    []T
	capacity int
	getters  fifo[filterGet[T]]
	putters  fifo[filterPut[T]]
	owner
	level Level
}

type filterGet[T any] struct {
	waiter
	pass func(T) bool
	item T
}

type filterPut[T any] struct {
	waiter
	item T
}

// NewFilterStore returns a filter store that holds up to capacity items; 0
// means no limit.
func NewFilterStore[T any](capacity int) *FilterStore[T] {
	if capacity < 0 {
		panic(fmt.Sprintf("sim: NewFilterStore(%d): negative capacity", capacity))
	}
	return &FilterStore[T]{capacity: capacity}
}

// Put adds v, waiting while the store is full.
func (s *FilterStore[T]) Put(yield coro.Yield, v T) error {
	now, err := s.bind(yield, "FilterStore")
	if err != nil {
		return err
	}
	if s.putters.len() == 0 && s.room() {
		if err := coro.Checkpoint(yield); err != nil {
			return err
		}
		s.items = append(s.items, v)
		s.settle(now)
		return nil
	}
	p := &filterPut[T]{item: v}
	s.putters.push(p)
	if err := p.wait(yield); err != nil {
		s.putters.remove(p)
		return err
	}
	return nil
}

// Get takes the first item that pass reports true for (nil passes every
// item), waiting until there is one.
func (s *FilterStore[T]) Get(yield coro.Yield, pass func(T) bool) (T, error) {
	var zero T
	now, err := s.bind(yield, "FilterStore")
	if err != nil {
		return zero, err
	}
	if pass == nil {
		pass = func(T) bool { return true }
	}
	if i := slices.IndexFunc(s.items, pass); i >= 0 {
		if err := coro.Checkpoint(yield); err != nil {
			return zero, err
		}
		v := s.items[i]
		s.items = slices.Delete(s.items, i, i+1)
		s.settle(now)
		return v, nil
	}
	g := &filterGet[T]{pass: pass}
	s.getters.push(g)
	if err := g.wait(yield); err != nil {
		s.getters.remove(g)
		return zero, err
	}
	return g.item, nil
}

func (s *FilterStore[T]) room() bool { return s.capacity == 0 || len(s.items) < s.capacity }

// settle hands items to the waiting getters they pass, and lets waiting
// putters in while there is room, until neither can go on.
func (s *FilterStore[T]) settle(now time.Duration) {
	for moved := true; moved; {
		moved = false
		var served []*filterGet[T]
		for g := range s.getters.all {
			if i := slices.IndexFunc(s.items, g.pass); i >= 0 {
				g.item = s.items[i]
				s.items = slices.Delete(s.items, i, i+1)
				served = append(served, g)
			}
		}
		for _, g := range served {
			s.getters.remove(g)
			g.serve()
			moved = true
		}
		for s.putters.len() > 0 && s.room() {
			p := s.putters.pop()
			s.items = append(s.items, p.item)
			p.serve()
			moved = true
		}
	}
	s.level.Set(now, float64(len(s.items)))
}

// Len returns the number of items in the store.
func (s *FilterStore[T]) Len() int { return len(s.items) }

// Cap returns the store's capacity; 0 means no limit.
func (s *FilterStore[T]) Cap() int { return s.capacity }

// LenOverTime returns the number of items over time.
func (s *FilterStore[T]) LenOverTime() *Level { return &s.level }

// String describes the store: "FilterStore[items:3, capacity:10, getters:1]".
func (s *FilterStore[T]) String() string {
	return fmt.Sprintf("FilterStore[items:%d, capacity:%d, getters:%d, putters:%d]",
		len(s.items), s.capacity, s.getters.len(), s.putters.len())
}
