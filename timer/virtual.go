package timer

import (
	"sync/atomic"
	"time"
)

// Virtual is a Clock that stands still while the loop works and jumps to the
// next deadline when the loop has nothing ready: sleeps cost no real time, and
// every elapsed time is exact. Its origin is zero.
//
// Now may be called from any goroutine; Sleep and Advance belong to the loop's.
type Virtual struct {
	now atomic.Int64
}

// NewVirtual returns a virtual clock at time zero.
func NewVirtual() *Virtual { return new(Virtual) }

// Now returns the virtual time.
func (c *Virtual) Now() time.Duration { return time.Duration(c.now.Load()) }

// Sleep returns at once: if a signal is waiting on wake it takes it, leaves the
// time alone (an event from outside comes first) and reports true; otherwise it
// jumps to deadline (never backwards) and reports false.
func (c *Virtual) Sleep(deadline time.Duration, wake <-chan struct{}) bool {
	select {
	case <-wake:
		return true
	default:
	}
	c.Advance(deadline - c.Now())
	return false
}

// Advance moves the clock forward by d; a negative d is ignored.
func (c *Virtual) Advance(d time.Duration) {
	if d > 0 {
		c.now.Add(int64(d))
	}
}
