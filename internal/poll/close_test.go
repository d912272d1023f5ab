//go:build linux

package poll_test

import (
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/corio-go/corio/internal/poll"
)

// openFDs returns the descriptors open in this process.
func openFDs(t *testing.T) map[int]bool {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	fds := map[int]bool{}
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			fds[n] = true
		}
	}
	return fds
}

// TestWakeAfterCloseWritesNothing steps through a race of Wake with Close:
// a goroutine's Wake saw the loop armed (in its last Wait), then the loop
// ended and closed its poller, the process opened a socket that took the
// eventfd's number, and then the Wake went on and wrote: eight bytes
// (01 00 00 00 00 00 00 00) into that socket. A Wake must not write once
// Close has begun.
func TestWakeAfterCloseWritesNothing(t *testing.T) {
	before := openFDs(t)
	p, err := poll.New()
	if err != nil {
		t.Fatal(err)
	}
	var mine []int // the epoll instance and the eventfd
	for fd := range openFDs(t) {
		if !before[fd] {
			mine = append(mine, fd)
		}
	}
	p.Arm() // what the waking goroutine saw: the loop asleep in Wait
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	// Sockets that take the numbers the poller freed.
	peers := map[int]int{}
	for range 16 {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(fds[0])
		defer unix.Close(fds[1])
		peers[fds[0]], peers[fds[1]] = fds[1], fds[0]
	}
	for _, fd := range mine {
		if _, ok := peers[fd]; !ok {
			t.Skipf("descriptor %d was not reused", fd)
		}
	}
	p.Wake() // the rest of the goroutine's Wake
	for _, fd := range mine {
		buf := make([]byte, 16)
		if n, _ := unix.Read(peers[fd], buf); n > 0 {
			t.Errorf("a Wake after Close wrote %x into descriptor %d, which a socket took since", buf[:n], fd)
		}
	}
}
