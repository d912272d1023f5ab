package loop

import (
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/timer"
)

// Handle is a callback scheduled by CallSoon, CallLater or CallAt; Cancel
// withdraws it. Its methods belong to the loop's goroutine.
type Handle struct {
	fn    func()
	l     *Loop
	timer timer.Timer[coro.Callback] // used by CallLater and CallAt
	done  bool                       // ran or cancelled
}

// handleCall is a Handle seen as the callback the loop runs.
type handleCall Handle

// Run calls the callback unless it was cancelled.
func (c *handleCall) Run() {
	h := (*Handle)(c)
	if h.done {
		return
	}
	h.done = true
	h.fn()
}

// Cancel withdraws the callback if it has not run yet, and reports whether it
// did. A cancelled timer leaves the timer queue at once.
func (h *Handle) Cancel() bool {
	if h.done {
		return false
	}
	h.done = true
	h.l.timers.Remove(&h.timer)
	return true
}

// When returns the time the callback is due, on the loop's clock: zero for
// CallSoon.
func (h *Handle) When() time.Duration { return h.timer.When() }

// callback is a function run from the ready queue as it is: a function sent
// from another goroutine (CallSoonThreadsafe), which has no Handle.
type callback func()

func (f callback) Run() { f() }
