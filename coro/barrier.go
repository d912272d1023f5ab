package coro

// Barrier makes a number of tasks wait for each other: asyncio.Barrier. Each
// Wait blocks until parties tasks are waiting; then all of them go on, and the
// barrier is ready for the next round.
type Barrier struct {
	parties int
	count   int    // tasks waiting in this round
	round   uint64 // rounds ended, by completion or by a break
	brokeAt uint64 // 1 + the last round that ended broken; 0 if none
	broken  bool   // aborted for good
	waiters WaitQueue
}

// NewBarrier returns a barrier for parties tasks; it panics if parties < 1.
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic("coro: NewBarrier needs at least one party")
	}
	return &Barrier{parties: parties}
}

// Wait waits until parties tasks, this one included, are waiting, and returns
// this task's place among them, from 0 (the first to arrive) to parties-1
// (the one that let them all go). It fails with ErrBrokenBarrier if the
// barrier is broken (Abort, Reset) before or while it waits, and with the
// task's CancelError if the task is cancelled while it waits; the task then
// no longer counts as waiting.
func (b *Barrier) Wait(yield func(Awaitable) bool) (int, error) {
	if b.broken {
		return 0, ErrBrokenBarrier
	}
	index := b.count
	b.count++
	if b.count == b.parties {
		b.count = 0
		b.round++
		b.waiters.WakeAll()
		return index, now(yield)
	}
	round := b.round
	if err := b.waiters.Wait(yield); err != nil {
		if b.round == round && !b.broken {
			b.count-- // left before the round was complete
		}
		return index, err
	}
	if b.brokeAt == round+1 {
		return index, ErrBrokenBarrier
	}
	return index, nil
}

// Abort breaks the barrier: every waiting task, and every later Wait, fails
// with ErrBrokenBarrier.
func (b *Barrier) Abort() {
	b.broken = true
	b.breakRound()
}

// breakRound ends the current round broken, waking its waiters.
func (b *Barrier) breakRound() {
	b.brokeAt = b.round + 1
	b.round++
	b.count = 0
	b.waiters.WakeAll()
}

// Reset breaks the current round, failing the waiting tasks with
// ErrBrokenBarrier, and makes the barrier usable again.
func (b *Barrier) Reset() {
	b.broken = false
	if b.count > 0 {
		b.breakRound()
	}
}

// Parties returns the number of tasks the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// Waiting returns the number of tasks waiting in the current round.
func (b *Barrier) Waiting() int { return b.count }

// Broken reports whether the barrier is broken.
func (b *Barrier) Broken() bool { return b.broken }
