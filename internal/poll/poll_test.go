//go:build linux

package poll_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/sys/unix"

	"github.com/corio-go/corio/internal/poll"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// pair returns a connected pair of non-blocking Unix stream sockets.
func pair(t *testing.T) (a, b int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func newPoller(t *testing.T) *poll.Poller {
	t.Helper()
	p, err := poll.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	return p
}

// events waits up to timeout and returns what it reported, by token.
func events(t *testing.T, p *poll.Poller, timeout time.Duration) (map[poll.Token]poll.Events, bool) {
	t.Helper()
	got := map[poll.Token]poll.Events{}
	woken, err := p.Wait(timeout, func(tok poll.Token, ev poll.Events) { got[tok] |= ev })
	if err != nil {
		t.Fatal(err)
	}
	return got, woken
}

// TestEdgeTriggered: a socket reports writable once when added, readable
// once per arrival of data (not again while the data stays unread), and the
// peer's close as Readable|Hangup.
func TestEdgeTriggered(t *testing.T) {
	p := newPoller(t)
	a, b := pair(t)
	tok := poll.Token{FD: int32(a), Gen: 7}
	if err := p.Add(tok); err != nil {
		t.Fatal(err)
	}
	if got, _ := events(t, p, 0); got[tok] != poll.Writable {
		t.Errorf("after Add: %v, want only Writable", got)
	}
	if got, woken := events(t, p, 0); len(got) != 0 || woken {
		t.Errorf("nothing new: %v, woken %v; want nothing (edge-triggered)", got, woken)
	}
	unix.Write(b, []byte("x"))
	if got, _ := events(t, p, time.Second); got[tok]&poll.Readable == 0 {
		t.Errorf("after data: %v, want Readable", got)
	}
	if got, _ := events(t, p, 0); len(got) != 0 {
		t.Errorf("data left unread: %v, want no second event", got)
	}
	unix.Close(b)
	if got, _ := events(t, p, time.Second); got[tok]&(poll.Readable|poll.Hangup) != poll.Readable|poll.Hangup {
		t.Errorf("after the peer closed: %v, want Readable|Hangup", got)
	}
	if err := p.Remove(a); err != nil {
		t.Fatal(err)
	}
	if err := p.Remove(a); err == nil {
		t.Error("removing twice: no error")
	}
}

// TestWake: Wake from another goroutine ends a Wait that sleeps, once armed;
// a Wake while the loop is not armed writes nothing, and a Wait that times
// out reports nothing.
func TestWake(t *testing.T) {
	p := newPoller(t)
	p.Wake() // not armed: nothing to wake
	if _, woken := events(t, p, 10*time.Millisecond); woken {
		t.Error("a Wake before Arm woke a later Wait")
	}
	var wg sync.WaitGroup
	p.Arm()
	wg.Go(func() {
		time.Sleep(10 * time.Millisecond)
		for range 3 {
			p.Wake() // one write, however many calls
		}
	})
	start := time.Now()
	if _, woken := events(t, p, 10*time.Second); !woken {
		t.Error("Wait returned without the wake-up")
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the wake-up did not end the wait")
	}
	wg.Wait()
	p.Arm()
	if _, woken := events(t, p, 0); woken {
		// The eventfd was read back to zero by the first Wait, or by this
		// one; either way a second one finds nothing.
		if _, again := events(t, p, 0); again {
			t.Error("one wake-up woke two Waits")
		}
	}
}

// TestTimeoutRoundsUp: a wait of less than a millisecond waits, not zero.
func TestTimeoutRoundsUp(t *testing.T) {
	p := newPoller(t)
	start := time.Now()
	events(t, p, 100*time.Microsecond)
	if d := time.Since(start); d < 100*time.Microsecond {
		t.Errorf("a 100µs wait returned after %v", d)
	}
}

// TestBadDescriptor: adding what is not a descriptor fails.
func TestBadDescriptor(t *testing.T) {
	p := newPoller(t)
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := p.Add(poll.Token{FD: int32(f.Fd())}); err == nil {
		t.Error("epoll took a regular file")
	}
	if err := p.Add(poll.Token{FD: -1}); err == nil {
		t.Error("epoll took -1")
	}
}
