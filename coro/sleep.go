package coro

import (
	"math"
	"time"

	"github.com/corio-go/corio/timer"
)

// Delay is the request to suspend for a duration, made by Sleep and Yield.
type Delay time.Duration

// Sleep returns the request to suspend the calling task for d without blocking
// the loop: asyncio.sleep. Await it, or yield it. A negative d is an error
// (ErrNegativeDuration) rather than no wait: Await returns it, a bare yield
// fails the task with it.
//
// Like asyncio's sleep, the task resumes one loop turn after its timer fires,
// so a callback due at the same deadline runs first.
func Sleep(d time.Duration) Delay { return Delay(d) }

// Yield returns the request to let every other ready task and callback run once
// before the caller goes on: asyncio.sleep(0).
func Yield() Delay { return 0 }

// Await suspends the calling task for the delay. It returns ErrNegativeDuration
// for a negative delay, and the task's CancelError if it is cancelled.
func (d Delay) Await(yield func(Awaitable) bool) error {
	if d < 0 {
		return d.negative()
	}
	if !yield(d) {
		return errAbandoned
	}
	return lastErr(yield)
}

func (d Delay) negative() error {
	return &durationError{time.Duration(d)}
}

func (d Delay) wait(t *taskCore) bool {
	if t.begin() {
		return true
	}
	switch {
	case d < 0:
		panic(d.negative())
	case d == 0:
		t.wake()
	default:
		now := t.sched.Now()
		when := now + time.Duration(d)
		if when < now { // overflow: sleep until the end of time
			when = math.MaxInt64
		}
		t.sleep.arm(t, when)
	}
	return true
}

func (d Delay) abort(t *taskCore) {
	if d > 0 {
		t.sleep.disarm()
	}
}

// String describes the request, for task dumps.
func (d Delay) String() string {
	if d == 0 {
		return "Yield"
	}
	return "Sleep(" + time.Duration(d).String() + ")"
}

type durationError struct{ d time.Duration }

func (e *durationError) Error() string {
	return "coro: negative duration " + e.d.String()
}

func (e *durationError) Is(target error) bool { return target == ErrNegativeDuration }

// sleeper is the timer of a sleeping task, embedded in the task. When the timer
// is due the loop runs the sleeper, which schedules the task's step: two loop
// turns, as asyncio's sleep (its timer sets a future, whose callback wakes the
// task).
type sleeper struct {
	timer timer.Timer[Callback]
	t     *taskCore
	armed bool // the wake-up is still to come; false once it ran or was cancelled
}

func (s *sleeper) arm(t *taskCore, when time.Duration) {
	s.t, s.armed = t, true
	s.timer.Value = s
	t.sched.AddTimer(&s.timer, when)
}

// disarm cancels the sleep and wakes the task now, unless the timer's wake-up
// has already happened.
func (s *sleeper) disarm() {
	if !s.armed {
		return
	}
	s.armed = false
	s.t.sched.RemoveTimer(&s.timer)
	s.t.wake()
}

// Run is called by the loop when the timer is due.
func (s *sleeper) Run() {
	if !s.armed {
		return
	}
	s.armed = false
	s.t.wake()
}
