package coro

import (
	"time"
)

// Delay is the request to suspend for a duration, made by Sleep: an
// Awaiter[struct{}].
type Delay time.Duration

// Sleep returns the request to suspend the calling task for d without blocking
// the loop: asyncio.sleep. It is an Awaiter, so it can also be spawned,
// gathered or given a timeout like any other. A negative d is an error
// (ErrNegativeDuration) rather than no wait.
//
// Like asyncio's sleep, the task resumes one loop turn after its timer fires,
// so a callback due at the same deadline runs first. Sleep(0) lets every
// other ready task and callback run once before the caller goes on, as
// asyncio.sleep(0) does.
func Sleep(d time.Duration) Delay { return Delay(d) }

// Await suspends the calling task for the delay. It returns ErrNegativeDuration
// for a negative delay, and the task's CancelError if it is cancelled.
func (d Delay) Await(yield Yield) (struct{}, error) {
	var req Awaitable
	if t := ownerOf(yield); t != nil && t.w != nil {
		t.w.delay = d
		req = &t.w.delay // no allocation: Delay's methods through a pointer
	} else {
		req = d
	}
	if !yield(req) {
		return struct{}{}, failure(yield)
	}
	return struct{}{}, nil
}

// SleepResult is Sleep that returns v when it is done (asyncio's
// sleep(delay, result)); the zero value if it fails.
func SleepResult[T any](d time.Duration, v T) Func[T] {
	return func(yield Yield) (T, error) {
		if _, err := Delay(d).Await(yield); err != nil {
			var zero T
			return zero, err
		}
		return v, nil
	}
}

func (d Delay) negative() error {
	return &durationError{time.Duration(d)}
}

func (d Delay) wait(t *taskCore) (bool, error) {
	if d < 0 {
		return false, d.negative()
	}
	if t.begin() {
		return true, nil
	}
	if d == 0 {
		t.wake()
	} else {
		t.sleepUntil(deadlineAfter(t.fut.sched, time.Duration(d))) // Never past the end of the clock
	}
	return true, nil
}

func (d Delay) abort(t *taskCore) {
	if d > 0 { // Sleep(0) and a cancelled task's sleep are woken already
		t.wakeEarly()
	}
}

// String describes the request, for task dumps.
func (d Delay) String() string {
	return "Sleep(" + time.Duration(d).String() + ")"
}

type durationError struct{ d time.Duration }

func (e *durationError) Error() string {
	return "coro: negative duration " + e.d.String()
}

func (e *durationError) Is(target error) bool { return target == ErrNegativeDuration }

// sleepWake is a sleeping task seen as its timer's callback. When the timer is
// due the loop runs it, and it schedules the task's step: two loop turns, as
// asyncio's sleep (its timer sets a future, whose callback wakes the task).
// Being the task itself, it costs no memory of its own.
type sleepWake taskCore

// sleepUntil arms t's timer for when.
func (t *taskCore) sleepUntil(when time.Duration) {
	t.sleep.Value = (*sleepWake)(t)
	t.fut.sched.AddTimer(&t.sleep, when)
}

// wakeEarly cancels t's sleep and wakes it now. It is called (by abort) only
// while t is not woken yet; if the timer is due already, its callback, ahead
// of t's step in the ready queue, finds t woken and does nothing.
func (t *taskCore) wakeEarly() {
	t.fut.sched.RemoveTimer(&t.sleep)
	t.wake()
}

// Run is called by the loop when the timer is due: it wakes t, unless
// wakeEarly did already.
func (w *sleepWake) Run() {
	if t := (*taskCore)(w); !t.woken {
		t.wake()
	}
}
