//go:build linux

package loop

import (
	"testing"
	"time"
)

// TestBlockSeesWorkPostedBeforeArm is the interleaving of a lost wake-up,
// step by step: idle looked at the inbox (empty) and the holds; then another
// goroutine posted and called Wake, which wrote nothing as the poller was
// not armed yet; then the loop armed. block sees the posted work and waits
// no longer than zero, but reports that nothing came, so waitOutside (with
// patience 0) calls block again, and again, forever: the inbox is never
// drained. The same happens to a change in the holds.
func TestBlockSeesWorkPostedBeforeArm(t *testing.T) {
	for _, name := range []string{"posted", "holds"} {
		t.Run(name, func(t *testing.T) {
			l := New()
			defer l.Close()
			if !l.usePoller() {
				t.Skip("no poller")
			}
			holds := l.holds.Load() // what idle saw
			if name == "posted" {
				l.posted.Store(1) // CallSoonThreadsafe: its Wake found the poller not armed
			} else {
				l.holds.Add(1) // Hold, or a release, with the same unarmed Wake
			}
			done := make(chan bool, 1)
			go func() { done <- l.waitOutside(holds) }()
			select {
			case <-done:
			case <-time.After(time.Second):
				t.Errorf("waitOutside with %s changed before Arm has not returned after a second: it spins", name)
				for { // unstick it: a Wake while it is armed
					l.poller.Load().Wake()
					select {
					case <-done:
						return
					case <-time.After(time.Millisecond):
					}
				}
			}
		})
	}
}
