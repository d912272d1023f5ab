package timer

import "time"

// Real is a Clock that follows the system's monotonic clock. Its origin is the
// moment NewReal was called.
type Real struct {
	origin time.Time
	timer  *time.Timer // reused across sleeps; created on the first one
}

// NewReal returns a real clock whose time starts at zero now.
func NewReal() *Real { return &Real{origin: time.Now()} }

// Now returns the time elapsed since the clock was created.
func (c *Real) Now() time.Duration { return time.Since(c.origin) }

// Sleep blocks until deadline or until it receives from wake.
func (c *Real) Sleep(deadline time.Duration, wake <-chan struct{}) bool {
	d := deadline - c.Now()
	if d <= 0 {
		select {
		case <-wake:
			return true
		default:
			return false
		}
	}
	if c.timer == nil {
		c.timer = time.NewTimer(d)
	} else {
		c.timer.Reset(d)
	}
	select {
	case <-c.timer.C:
		return false
	case <-wake:
		c.timer.Stop()
		return true
	}
}
