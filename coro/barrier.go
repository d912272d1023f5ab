package coro

import "fmt"

// Barrier makes a number of tasks wait for each other: asyncio.Barrier. Each
// Wait blocks until parties tasks are waiting; then all of them go on, and
// once they all have (the barrier drains), it is ready for the next round: a
// task that passes and waits again at once waits for the others of its round
// to pass first. It is built, as CPython's, on a Condition, and its order of
// events is CPython's.
type Barrier struct {
	cond    *Condition
	parties int
	count   int // tasks in Wait: waiting, or let go and not yet out
	state   barrierState
}

type barrierState uint8

const (
	filling   barrierState = iota // parties arrive
	draining                      // the round is complete: its parties leave
	resetting                     // Reset broke the round: its parties leave
	broken                        // Abort broke the barrier
)

// NewBarrier returns a barrier for parties tasks; it panics if parties < 1.
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic("coro: NewBarrier needs at least one party")
	}
	return &Barrier{cond: NewCondition(nil), parties: parties}
}

// Wait waits until parties tasks, this one included, are waiting, and returns
// this task's place among them, from 0 (the first to arrive) to parties-1
// (the one that let them all go). It fails with ErrBrokenBarrier if the
// barrier is broken (Abort, or Reset while the task waits), and with the
// task's CancelError if the task is cancelled; the task then no longer counts
// as waiting.
func (b *Barrier) Wait(yield Yield) (int, error) {
	if err := b.cond.L.Acquire(yield); err != nil {
		return 0, err
	}
	defer b.cond.L.Release()
	// Wait while the previous round drains or resets.
	if err := b.cond.WaitUntil(yield, func() bool { return b.state != draining && b.state != resetting }); err != nil {
		return 0, err
	}
	if b.state == broken {
		return 0, ErrBrokenBarrier
	}
	index := b.count
	b.count++
	defer b.leave()
	if index+1 == b.parties { // the last party: let the round go
		b.state = draining
		b.cond.waiters.WakeAll()
		return index, nil
	}
	if err := b.cond.WaitUntil(yield, func() bool { return b.state != filling }); err != nil {
		return index, err
	}
	if b.state == broken || b.state == resetting {
		return index, ErrBrokenBarrier
	}
	return index, nil
}

// leave takes a task out of the barrier; the last one out of a draining or
// resetting round opens the next.
func (b *Barrier) leave() {
	b.count--
	if b.count == 0 {
		if b.state == draining || b.state == resetting {
			b.state = filling
		}
		b.cond.waiters.WakeAll()
	}
}

// Abort breaks the barrier: every waiting task, and every later Wait until a
// Reset, fails with ErrBrokenBarrier.
func (b *Barrier) Abort() {
	b.state = broken
	b.cond.waiters.WakeAll()
}

// Reset returns the barrier to its empty state; the tasks waiting in it fail
// with ErrBrokenBarrier.
func (b *Barrier) Reset() {
	if b.count > 0 {
		b.state = resetting
	} else {
		b.state = filling
	}
	b.cond.waiters.WakeAll()
}

// Parties returns the number of tasks the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// Waiting returns the number of tasks waiting in the current round.
func (b *Barrier) Waiting() int {
	if b.state == filling {
		return b.count
	}
	return 0
}

// Broken reports whether the barrier is broken by Abort.
func (b *Barrier) Broken() bool { return b.state == broken }

// String describes the barrier as asyncio's repr does (the form of
// Lock.String): its state, one of filling, draining, resetting and broken,
// and unless it is broken how many of its parties wait in the current round,
// as Waiting: "Barrier[filling, waiters:2/3]", "Barrier[draining,
// waiters:0/3]", "Barrier[broken]".
func (b *Barrier) String() string {
	if b.state == broken {
		return "Barrier[broken]"
	}
	return fmt.Sprintf("Barrier[%s, waiters:%d/%d]", b.state, b.Waiting(), b.parties)
}

// String returns the state's name, as asyncio's _BarrierState values.
func (s barrierState) String() string {
	switch s {
	case filling:
		return "filling"
	case draining:
		return "draining"
	case resetting:
		return "resetting"
	case broken:
		return "broken"
	}
	return "barrierState(" + fmt.Sprint(uint8(s)) + ")"
}
