package coro

import "strconv"

// Lock is a mutual exclusion lock for tasks: asyncio.Lock. Tasks that wait
// for it get it in the order they came, each from the one before (Release
// hands the lock over to the first waiter, so no task can take it in
// between). A task cancelled while it waits does not get the lock; if the
// lock was being handed to it, it goes to the next waiter.
//
// A Lock is not reentrant and not tied to the task that holds it, as in
// asyncio. The zero Lock is unlocked and ready to use; it belongs to the loop
// of the first task that waits on it.
type Lock struct {
	locked  bool
	owed    int // Releases to ignore: of Condition waiters abandoned at close without the lock
	waiters WaitQueue
}

// Acquire waits until the lock is free and takes it. It returns the calling
// task's CancelError, without the lock, if the task is cancelled.
func (l *Lock) Acquire(yield Yield) error {
	if !l.locked {
		if err := now(yield); err != nil {
			return err
		}
		l.locked = true
		return nil
	}
	woken, err := l.waiters.park(yield)
	if err != nil {
		if woken { // handed the lock, but cancelled: hand it on
			l.Release()
		}
		return err
	}
	return nil // Release handed the lock over
}

// TryAcquire takes the lock if it is free and reports whether it did.
func (l *Lock) TryAcquire() bool {
	if l.locked {
		return false
	}
	l.locked = true
	return true
}

// Release frees the lock, or hands it to the task that has waited longest. It
// panics if the lock is not locked.
func (l *Lock) Release() {
	if l.owed > 0 {
		l.owed--
		return
	}
	if !l.locked {
		panic("coro: Release of an unlocked Lock")
	}
	if !l.waiters.WakeOne() {
		l.locked = false
	}
}

// Locked reports whether the lock is held.
func (l *Lock) Locked() bool { return l.locked }

// String describes the lock as asyncio's repr does: "Lock[unlocked]",
// "Lock[locked]", or "Lock[locked, waiters:2]" while tasks wait for it. A task
// the lock was handed to, that has not run yet, no longer counts as waiting.
// The reprs of this package's primitives all take this form: the type name,
// then in brackets the state and the counts asyncio shows, a zero count of
// waiters left out. String reads the lock's state: call it on the loop's
// goroutine, as every other method.
func (l *Lock) String() string {
	if l.locked {
		return reprOf("Lock", "locked", l.waiters.Len())
	}
	return reprOf("Lock", "unlocked", l.waiters.Len())
}

// reprOf formats the repr of a primitive for its String method: its name,
// then in brackets its state and, if tasks wait, how many.
func reprOf(name, state string, waiters int) string {
	if waiters > 0 {
		state += ", waiters:" + strconv.Itoa(waiters)
	}
	return name + "[" + state + "]"
}
