package loop

import (
	"testing"
	"time"
)

// IdleCoroutines returns the number of parked coroutines l keeps for reuse.
func IdleCoroutines(l *Loop) int { return l.tasks.Idle() }

// UnseenFailures returns the number of failed tasks l keeps for its report at
// close because nothing asked for their outcome.
func UnseenFailures(l *Loop) int { return len(l.tasks.Unseen()) }

// OnBothPaths runs test twice, as subtests: with the loops it makes on the
// OS poller (the default), and on the portable path (WithPoller(false)).
func OnBothPaths(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	t.Run("poller", test)
	t.Run("portable", func(t *testing.T) {
		pollerOff.Store(true)
		defer pollerOff.Store(false)
		test(t)
	})
}

// TrimEvery makes loops trim their pools every d of real time, for the rest
// of t.
func TrimEvery(t *testing.T, d time.Duration) {
	old := trimEvery
	trimEvery = d
	t.Cleanup(func() { trimEvery = old })
}
