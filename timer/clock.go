package timer

import "time"

// Clock is the loop's sense of time. Times are durations since the clock's
// origin, like asyncio's loop.time(): monotonic, and meaningful only relative to
// each other. A loop calls a Clock from its own goroutine only.
type Clock interface {
	// Now returns the current time.
	Now() time.Duration
	// Sleep waits until Now reaches deadline or until a signal arrives on wake,
	// whichever comes first, and reports whether it took a signal from wake.
	Sleep(deadline time.Duration, wake <-chan struct{}) (woken bool)
}
