package coro

import "strconv"

// Semaphore holds a number of permits: asyncio.Semaphore. Acquire takes one,
// waiting while there is none; Release gives one back, to the task that has
// waited longest if any. Waiters are served in the order they came, and a
// waiter that is cancelled loses nothing and takes nothing: a permit handed
// to it goes to the next waiter.
//
// A Semaphore belongs to the loop of the first task that waits on it.
type Semaphore struct {
	value   int
	handed  int // permits handed to woken waiters that have not run yet
	bound   int // the most permits, for a bounded semaphore
	bounded bool
	waiters WaitQueue
}

// NewSemaphore returns a semaphore with n permits; it panics if n < 0.
func NewSemaphore(n int) *Semaphore {
	if n < 0 {
		panic("coro: NewSemaphore with a negative count")
	}
	return &Semaphore{value: n}
}

// NewBoundedSemaphore returns a semaphore with n permits that panics if it is
// released more often than acquired, so that it would hold more than n:
// asyncio.BoundedSemaphore.
func NewBoundedSemaphore(n int) *Semaphore {
	s := NewSemaphore(n)
	s.bound, s.bounded = n, true
	return s
}

// Acquire takes a permit, waiting until one is free. It returns the calling
// task's CancelError, without a permit, if the task is cancelled.
func (s *Semaphore) Acquire(yield Yield) error {
	if !s.Locked() {
		if err := now(yield); err != nil {
			return err
		}
		s.value--
		return nil
	}
	woken, err := s.waiters.park(yield)
	if woken {
		s.handed--
		if err != nil { // handed a permit, but cancelled: it is free again
			s.value++
		}
	}
	// Newcomers that came while permits were free waited behind this task,
	// as the order is FIFO: wake as many as there are free permits (as
	// asyncio does since 3.12).
	for s.value > 0 && s.waiters.Len() > 0 {
		s.value--
		s.handOver()
	}
	return err
}

// handOver wakes the longest waiting task with a permit, or frees the permit
// if none waits.
func (s *Semaphore) handOver() {
	if s.waiters.WakeOne() {
		s.handed++
		return
	}
	s.value++
}

// TryAcquire takes a permit if one is free and no task waits, and reports
// whether it did.
func (s *Semaphore) TryAcquire() bool {
	if s.Locked() {
		return false
	}
	s.value--
	return true
}

// Release gives a permit back, handing it to the task that has waited longest
// if any. A bounded semaphore panics if this would make it hold more permits
// than it started with.
func (s *Semaphore) Release() {
	if s.bounded && s.value+s.handed >= s.bound {
		panic("coro: BoundedSemaphore released too many times")
	}
	s.handOver()
}

// Value returns the number of free permits.
func (s *Semaphore) Value() int { return s.value }

// Locked reports whether Acquire would wait: no permit is free, or tasks
// wait, or were handed a permit and have not run yet (they go first).
func (s *Semaphore) Locked() bool { return s.value == 0 || s.waiters.Len() > 0 || s.handed > 0 }

// String describes the semaphore as asyncio's repr does (the form of
// Lock.String): "Semaphore[unlocked, value:2]" while Acquire would not wait,
// with the number of free permits, and "Semaphore[locked]" or
// "Semaphore[locked, waiters:1]" while it would. A bounded semaphore is named
// "BoundedSemaphore".
func (s *Semaphore) String() string {
	name := "Semaphore"
	if s.bounded {
		name = "BoundedSemaphore"
	}
	if s.Locked() {
		return reprOf(name, "locked", s.waiters.Len())
	}
	return reprOf(name, "unlocked, value:"+strconv.Itoa(s.value), s.waiters.Len())
}
