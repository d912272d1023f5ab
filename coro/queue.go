package coro

import (
	"github.com/corio-go/corio/internal/ring"

	"fmt"
	"slices"
	"strings"
)

// Queue is a queue of items between the tasks of one loop: asyncio.Queue, and
// with NewLifoQueue and NewPriorityQueue asyncio's LifoQueue and
// PriorityQueue. A bounded queue makes Put wait while it is full; every queue
// makes Get wait while it is empty. Waiting tasks are served in the order they
// came.
//
// A Put or Get that is cancelled while it waits loses nothing: the item stays
// in the queue (or was never put), and a wake-up meant for the cancelled task
// goes to the next one.
//
// TaskDone and Join count the items that were put and not yet processed, as
// asyncio's task_done and join. Shutdown (Python 3.13) stops the queue: Put
// fails with ErrQueueShutDown at once, Get once the queue is empty.
//
// A Queue belongs to the loop of the first task that waits on it (ErrWrongLoop
// otherwise). It is not safe for concurrent use: use it on the loop's
// goroutine.
type Queue[T any] struct {
	items      store[T]
	max        int
	getters    WaitQueue // tasks waiting for an item
	putters    WaitQueue // tasks waiting for room
	unfinished int
	finished   Event // set while unfinished is 0
	shutdown   bool
}

// store is how a queue keeps its items: first in first out, last in first
// out, or by priority.
type store[T any] interface {
	len() int
	push(v T)
	pop() T
	list() []T // the items in the order pop returns them, for String
	name() string
}

// NewQueue returns an empty first-in-first-out queue that holds at most
// maxsize items; with maxsize <= 0 it is unbounded.
func NewQueue[T any](maxsize int) *Queue[T] {
	return newQueue[T](maxsize, new(fifo[T]))
}

// NewLifoQueue returns an empty last-in-first-out queue (a stack) that holds
// at most maxsize items, or any number if maxsize <= 0: asyncio.LifoQueue.
func NewLifoQueue[T any](maxsize int) *Queue[T] {
	return newQueue[T](maxsize, new(lifo[T]))
}

// NewPriorityQueue returns an empty queue whose Get returns the least item by
// less, first in first out among equal ones, holding at most maxsize items
// (any number if maxsize <= 0): asyncio.PriorityQueue.
func NewPriorityQueue[T any](maxsize int, less func(a, b T) bool) *Queue[T] {
	if less == nil {
		panic("coro: NewPriorityQueue with a nil less")
	}
	return newQueue[T](maxsize, &priority[T]{less: less})
}

func newQueue[T any](maxsize int, items store[T]) *Queue[T] {
	q := &Queue[T]{max: max(maxsize, 0), items: items}
	q.finished.Set()
	return q
}

// Len returns the number of items in the queue.
func (q *Queue[T]) Len() int { return q.items.len() }

// Cap returns the most items the queue holds, or 0 if it is unbounded.
func (q *Queue[T]) Cap() int { return q.max }

// Full reports whether a Put would wait.
func (q *Queue[T]) Full() bool { return q.max > 0 && q.items.len() >= q.max }

// Empty reports whether a Get would wait.
func (q *Queue[T]) Empty() bool { return q.items.len() == 0 }

// Put adds v to the queue, waiting while the queue is full. It returns the
// calling task's CancelError, having put nothing, if the task is cancelled
// while it waits, and ErrQueueShutDown if the queue is shut down.
func (q *Queue[T]) Put(yield Yield, v T) error {
	if err := now(yield); err != nil { // a cancelled task puts nothing, waiting or not
		return err
	}
	for q.Full() && !q.shutdown {
		if err := q.putters.Wait(yield); err != nil {
			return err
		}
	}
	if q.shutdown {
		return ErrQueueShutDown
	}
	q.put(v)
	return nil
}

// TryPut adds v if the queue has room and is not shut down: asyncio's
// put_nowait. It returns ErrQueueFull if the queue is full and
// ErrQueueShutDown if it is shut down, and then adds nothing.
func (q *Queue[T]) TryPut(v T) error {
	switch {
	case q.shutdown:
		return ErrQueueShutDown
	case q.Full():
		return ErrQueueFull
	}
	q.put(v)
	return nil
}

func (q *Queue[T]) put(v T) {
	q.items.push(v)
	q.unfinished++
	q.finished.Clear()
	q.getters.WakeOne()
}

// Get removes and returns the next item, waiting while the queue is empty. It
// returns the calling task's CancelError, having taken nothing, if the task is
// cancelled while it waits, and ErrQueueShutDown if the queue is shut down and
// empty.
func (q *Queue[T]) Get(yield Yield) (T, error) {
	var zero T
	if err := now(yield); err != nil { // a cancelled task takes nothing, waiting or not
		return zero, err
	}
	for q.Empty() {
		if q.shutdown {
			return zero, ErrQueueShutDown
		}
		if err := q.getters.Wait(yield); err != nil {
			return zero, err
		}
	}
	return q.get(), nil
}

// TryGet removes and returns the next item if there is one: asyncio's
// get_nowait. It returns ErrQueueEmpty if the queue is empty, and
// ErrQueueShutDown if it is also shut down, so that nothing more will come.
func (q *Queue[T]) TryGet() (T, error) {
	if q.Empty() {
		var zero T
		if q.shutdown {
			return zero, ErrQueueShutDown
		}
		return zero, ErrQueueEmpty
	}
	return q.get(), nil
}

func (q *Queue[T]) get() T {
	v := q.items.pop()
	q.putters.WakeOne()
	return v
}

// TaskDone tells the queue that an item got from it has been processed, for
// Join. It panics if called more times than items were put.
func (q *Queue[T]) TaskDone() {
	if q.unfinished <= 0 {
		panic("coro: Queue.TaskDone called more times than items were put")
	}
	q.unfinished--
	if q.unfinished == 0 {
		q.finished.Set()
	}
}

// Join waits until every item put in the queue has been got and processed
// (TaskDone). It returns the calling task's CancelError if the task is
// cancelled.
func (q *Queue[T]) Join(yield Yield) error {
	return q.finished.Wait(yield)
}

// Shutdown stops the queue: later Puts fail with ErrQueueShutDown, and so do
// Gets once the queue is empty; the tasks waiting in Put, and those waiting in
// Get if the queue is empty, wake and fail likewise. With immediate, the items
// still in the queue are dropped (counted as done for Join), so every Get
// fails at once.
func (q *Queue[T]) Shutdown(immediate bool) {
	q.shutdown = true
	if immediate {
		for q.items.len() > 0 {
			q.items.pop()
			if q.unfinished > 0 {
				q.unfinished--
			}
		}
		if q.unfinished == 0 {
			q.finished.Set()
		}
	}
	q.getters.WakeAll()
	q.putters.WakeAll()
}

// IsShutdown reports whether Shutdown was called.
func (q *Queue[T]) IsShutdown() bool { return q.shutdown }

// String describes the queue as asyncio's repr does, in the form of
// Lock.String: "Queue", "LifoQueue" or "PriorityQueue", then in brackets its
// maxsize (0 if unbounded), its items in the order Get returns them (formatted
// with %v), the numbers of tasks waiting in Get and in Put, the number of
// items not yet processed (TaskDone), and whether it is shut down, each but
// maxsize left out while it is empty, zero or false:
//
//	Queue[maxsize:2, items:[1 2], putters:1, unfinished:2]
//	LifoQueue[maxsize:0, getters:1]
//	Queue[maxsize:0, items:[a], unfinished:1, shutdown]
//
// It lists every item, so it costs time and memory in proportion to them (and
// n log n for a priority queue).
func (q *Queue[T]) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s[maxsize:%d", q.items.name(), q.max)
	if q.items.len() > 0 {
		fmt.Fprintf(&b, ", items:%v", q.items.list())
	}
	if n := q.getters.Len(); n > 0 {
		fmt.Fprintf(&b, ", getters:%d", n)
	}
	if n := q.putters.Len(); n > 0 {
		fmt.Fprintf(&b, ", putters:%d", n)
	}
	if q.unfinished > 0 {
		fmt.Fprintf(&b, ", unfinished:%d", q.unfinished)
	}
	if q.shutdown {
		b.WriteString(", shutdown")
	}
	b.WriteString("]")
	return b.String()
}

// fifo keeps items first in, first out.
type fifo[T any] struct{ items ring.Buffer[T] }

func (f *fifo[T]) len() int     { return f.items.Len() }
func (f *fifo[T]) push(v T)     { f.items.Push(v) }
func (f *fifo[T]) pop() T       { return f.items.Pop() }
func (f *fifo[T]) name() string { return "Queue" }

func (f *fifo[T]) list() []T {
	items := make([]T, f.items.Len())
	for i := range items {
		items[i] = f.items.At(i)
	}
	return items
}

// lifo keeps items last in, first out.
type lifo[T any] struct{ items []T }

func (s *lifo[T]) len() int     { return len(s.items) }
func (s *lifo[T]) push(v T)     { s.items = append(s.items, v) }
func (s *lifo[T]) name() string { return "LifoQueue" }

func (s *lifo[T]) list() []T {
	items := slices.Clone(s.items)
	slices.Reverse(items)
	return items
}

func (s *lifo[T]) pop() T {
	var zero T
	n := len(s.items) - 1
	v := s.items[n]
	s.items[n] = zero
	s.items = s.items[:n]
	return v
}

// priority keeps items in a binary heap by less, then by arrival.
type priority[T any] struct {
	less  func(a, b T) bool
	items []prioritized[T]
	seq   uint64
}

type prioritized[T any] struct {
	v   T
	seq uint64
}

func (p *priority[T]) before(i, j int) bool {
	a, b := &p.items[i], &p.items[j]
	if p.less(a.v, b.v) {
		return true
	}
	return !p.less(b.v, a.v) && a.seq < b.seq
}

func (p *priority[T]) len() int     { return len(p.items) }
func (p *priority[T]) name() string { return "PriorityQueue" }

// list pops every item from a copy of the heap.
func (p *priority[T]) list() []T {
	c := priority[T]{less: p.less, items: slices.Clone(p.items)}
	items := make([]T, 0, len(c.items))
	for len(c.items) > 0 {
		items = append(items, c.pop())
	}
	return items
}

func (p *priority[T]) push(v T) {
	p.seq++
	p.items = append(p.items, prioritized[T]{v, p.seq})
	for i := len(p.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !p.before(i, parent) {
			break
		}
		p.items[i], p.items[parent] = p.items[parent], p.items[i]
		i = parent
	}
}

func (p *priority[T]) pop() T {
	top := p.items[0].v
	n := len(p.items) - 1
	p.items[0] = p.items[n]
	p.items[n] = prioritized[T]{}
	p.items = p.items[:n]
	for i := 0; ; {
		m, l, r := i, 2*i+1, 2*i+2
		if l < n && p.before(l, m) {
			m = l
		}
		if r < n && p.before(r, m) {
			m = r
		}
		if m == i {
			break
		}
		p.items[i], p.items[m] = p.items[m], p.items[i]
		i = m
	}
	return top
}
