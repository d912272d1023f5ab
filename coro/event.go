package coro

// Event lets tasks wait until something has happened: asyncio.Event. Wait
// returns at once while the event is set; Set wakes every waiting task, in the
// order they came. The zero Event is clear and ready to use. It belongs to the
// loop of the first task that waits on it.
type Event struct {
	set     bool
	waiters WaitQueue
}

// Wait suspends the calling task until the event is set, and returns at once
// if it is. It returns the task's CancelError if the task is cancelled.
func (e *Event) Wait(yield Yield) error {
	if e.set {
		return now(yield)
	}
	// Set wakes every waiter: a cancelled one has nothing to pass on.
	_, err := e.waiters.park(yield)
	return err
}

// Set sets the event and wakes every task waiting on it.
func (e *Event) Set() {
	if !e.set {
		e.set = true
		e.waiters.WakeAll()
	}
}

// Clear clears the event: later Waits wait again.
func (e *Event) Clear() { e.set = false }

// IsSet reports whether the event is set.
func (e *Event) IsSet() bool { return e.set }

// String describes the event as asyncio's repr does: "Event[set]",
// "Event[unset]", or "Event[unset, waiters:2]" while tasks wait for it (the
// form of Lock.String). Tasks that Set woke and that have not run yet no longer
// count as waiting.
func (e *Event) String() string {
	if e.set {
		return reprOf("Event", "set", e.waiters.Len())
	}
	return reprOf("Event", "unset", e.waiters.Len())
}
