package coro

// Semaphore holds a number of permits: asyncio.Semaphore. Acquire takes one,
// waiting while there is none; Release gives one back, to the task that has
// waited longest if any. Waiters are served in the order they came, and a
// waiter that is cancelled loses nothing and takes nothing: a permit handed
// to it goes to the next waiter.
//
// A Semaphore belongs to the loop of the first task that waits on it.
type Semaphore struct {
	value   int
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
func (s *Semaphore) Acquire(yield func(Awaitable) bool) error {
	if s.value > 0 && s.waiters.Len() == 0 {
		if err := now(yield); err != nil {
			return err
		}
		s.value--
		return nil
	}
	woken, err := s.waiters.park(yield)
	if err != nil {
		if woken { // handed a permit, but cancelled: give it back
			s.Release()
		}
		return err
	}
	return nil // Release handed a permit over
}

// TryAcquire takes a permit if one is free and no task waits, and reports
// whether it did.
func (s *Semaphore) TryAcquire() bool {
	if s.value > 0 && s.waiters.Len() == 0 {
		s.value--
		return true
	}
	return false
}

// Release gives a permit back, handing it to the task that has waited longest
// if any. A bounded semaphore panics if this would make it hold more permits
// than it started with.
func (s *Semaphore) Release() {
	if s.waiters.WakeOne() {
		return
	}
	if s.bounded && s.value >= s.bound {
		panic("coro: BoundedSemaphore released too many times")
	}
	s.value++
}

// Value returns the number of free permits.
func (s *Semaphore) Value() int { return s.value }

// Locked reports whether Acquire would wait.
func (s *Semaphore) Locked() bool { return s.value == 0 || s.waiters.Len() > 0 }
