package coro

import (
	"errors"
	"fmt"
)

// Condition lets tasks wait, holding a Lock, until another task notifies them
// that something has changed: asyncio.Condition. Waiters are notified in the
// order they came. A notified waiter that is cancelled before it runs passes
// the notification on (as asyncio does since Python 3.13).
type Condition struct {
	// L is the lock the waiters hold around Wait.
	L       *Lock
	waiters WaitQueue
}

// NewCondition returns a condition on l, or on a new Lock if l is nil.
func NewCondition(l *Lock) *Condition {
	if l == nil {
		l = new(Lock)
	}
	return &Condition{L: l}
}

// Wait releases c.L, which the calling task must hold, waits until notified,
// and takes c.L again before it returns, even when the task is cancelled
// meanwhile (then with the task's CancelError), so that the caller's deferred
// Release stays right. It returns ErrNotLocked, and waits for nothing, if
// c.L is not held.
func (c *Condition) Wait(yield Yield) error {
	if !c.L.Locked() {
		return notLocked("Wait")
	}
	c.L.Release()
	err := c.waiters.Wait(yield)
	_, lockErr := Shield(yield, Func[struct{}](func(yield Yield) (struct{}, error) {
		return struct{}{}, c.L.Acquire(yield)
	}))
	if err == nil && lockErr == nil {
		// Notified, then cancelled while taking the lock back: the task
		// fails, and the notification goes to the next waiter.
		if err = cancelled(yield); err != nil {
			c.waiters.WakeOne()
		}
	}
	if lockErr != nil {
		if errors.Is(lockErr, ErrClosed) {
			// The loop abandons the task at close, which no await
			// survives: take the lock back if it is free, and else let
			// the caller's deferred Release be ignored, so that it
			// neither panics nor frees the lock of the task that holds
			// it (whose own Release comes in its own defers).
			if !c.L.TryAcquire() {
				c.L.owed++
			}
		}
		if err == nil {
			err = lockErr
		}
	}
	return err
}

// WaitUntil waits, as Wait, until pred returns true: asyncio's
// Condition.wait_for (not to be confused with the timeout WaitFor). It checks
// pred first, and after each notification, holding c.L; if pred is true at
// once it returns nil without waiting, and without needing c.L. Otherwise it
// returns what Wait returns: ErrNotLocked if c.L is not held, or the task's
// CancelError, with c.L held again.
func (c *Condition) WaitUntil(yield Yield, pred func() bool) error {
	for !pred() {
		if err := c.Wait(yield); err != nil {
			return err
		}
	}
	return nil
}

// Notify wakes up to n of the waiting tasks, the longest waiting first. They
// run once they have taken the lock back. The caller must hold c.L: Notify
// returns ErrNotLocked, and wakes nobody, if it is not held (asyncio raises
// RuntimeError), as a notification without the lock can be lost between a
// waiter's check of its predicate and its Wait.
func (c *Condition) Notify(n int) error {
	if !c.L.Locked() {
		return notLocked("Notify")
	}
	for ; n > 0 && c.waiters.WakeOne(); n-- {
	}
	return nil
}

// NotifyAll wakes every waiting task. Like Notify, it returns ErrNotLocked if
// c.L is not held.
func (c *Condition) NotifyAll() error {
	if !c.L.Locked() {
		return notLocked("NotifyAll")
	}
	c.waiters.WakeAll()
	return nil
}

// String describes the condition as asyncio's repr does (the form of
// Lock.String): the state of c.L and the number of tasks waiting for a
// notification, as "Condition[unlocked, waiters:2]" or "Condition[locked]".
// Notified tasks that have not taken c.L back yet no longer count.
func (c *Condition) String() string {
	if c.L.Locked() {
		return reprOf("Condition", "locked", c.waiters.Len())
	}
	return reprOf("Condition", "unlocked", c.waiters.Len())
}

func notLocked(op string) error {
	return fmt.Errorf("%w: Condition.%s without holding its lock", ErrNotLocked, op)
}
