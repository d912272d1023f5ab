//go:build linux

package loop_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"golang.org/x/sys/unix"
)

// TestAcceptOutOfDescriptorsBacksOff: a server whose accept fails for want
// of descriptors (EMFILE) stops accepting for a second, as its log says
// ("the server accepts again in a second") and as asyncio's does (it
// removes the reader, then call_later(ACCEPT_RETRY_DELAY)). The poller's
// listener stays registered: each connection that comes meanwhile is a new
// edge, a new accept that fails, a new error in the log and a new retry
// timer.
func TestAcceptOutOfDescriptorsBacksOff(t *testing.T) {
	const clients = 20
	var logs syncBuffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		served := 0
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(Y, *loop.Stream) { served++ })
		if err != nil {
			return struct{}{}, err
		}
		defer srv.Close()
		defer srv.AbortClients()
		sa := &unix.SockaddrInet4{Port: srv.Addr().(*net.TCPAddr).Port, Addr: [4]byte{127, 0, 0, 1}}
		var fds []int // the clients' sockets, made before descriptors run out
		defer func() {
			for _, fd := range fds {
				unix.Close(fd)
			}
		}()
		for range clients {
			fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				return struct{}{}, err
			}
			fds = append(fds, fd)
		}
		var lim unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			return struct{}{}, err
		}
		free, err := unix.Dup(0) // the lowest free descriptor
		if err != nil {
			return struct{}{}, err
		}
		unix.Close(free)
		low := lim
		low.Cur = uint64(free) // no room for one more
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
			return struct{}{}, errSkip
		}
		func() {
			defer unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
			for _, fd := range fds {
				unix.Connect(fd, sa) // into the backlog: an edge on the listener
				coro.Sleep(5 * time.Millisecond).Await(yield)
			}
			coro.Sleep(100 * time.Millisecond).Await(yield)
		}()
		// Descriptors again: the retry accepts what waited in the backlog.
		for deadline := time.Now().Add(3 * time.Second); served < clients && time.Now().Before(deadline); {
			coro.Sleep(10 * time.Millisecond).Await(yield)
		}
		if served < clients {
			t.Errorf("%d of %d connections served after the retry", served, clients)
		}
		return struct{}{}, nil
	}), loop.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err == errSkip {
		t.Skip("cannot lower RLIMIT_NOFILE")
	}
	if err != nil {
		t.Fatal(err)
	}
	failed := strings.Count(logs.String(), "accept failed")
	if failed == 0 {
		t.Skip("accept never failed: the limit did not bite")
	}
	if failed > 1 {
		t.Errorf("%d connections came while out of descriptors: %d accepts failed and were logged in 200ms; want one, then a pause of a second", clients, failed)
	}
}

var errSkip = errors.New("skip")

// syncBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
