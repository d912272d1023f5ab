//go:build linux

package loop

import (
	"io"
	"net"
	"os"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/internal/poll"
	"golang.org/x/sys/unix"
)

// fdTransport serves a stream's socket on the loop's poller. The socket is
// registered once, edge-triggered: an event says it became readable or
// writable, and the transport reads or writes until the kernel says it
// would block before it counts on the next event. (A short read is no proof
// of an empty socket: a TCP read stops at the urgent mark, a Unix one after
// a message that carries descriptors or credentials, with data queued behind
// that no new edge announces.) It reads in the loop's callback for the event, as
// asyncio's transports read in _read_ready, into the loop's scratch buffer,
// and keeps only what the tasks have not read yet: an idle stream holds no
// buffer.
type fdTransport struct {
	s  *Stream
	fd int // -1 once closed
	readiness

	readable bool // the kernel may have data: read before waiting for an event
	writable bool // the kernel may take data: write before waiting for an event
	linger0  bool // Abort: reset instead of an orderly end

	network  string
	remoteSA unix.Sockaddr // the peer's address, turned into a net.Addr when asked
	local    net.Addr      // looked up when first asked
}

// newFDStream makes a stream of the connected socket fd, on the loop's
// poller, of srv's if not nil; remote is the peer's address, if known.
func newFDStream(l *Loop, srv *Server, network string, fd int, remote unix.Sockaddr) (*Stream, error) {
	var regErr error
	s := newStream(l, srv, func(s *Stream) transport {
		t := &fdTransport{s: s, fd: fd, network: network, remoteSA: remote, writable: true}
		regErr = l.register(fd, t)
		return t
	})
	if regErr != nil {
		s.t.(*fdTransport).fd = -1
		unix.Close(fd)
		s.finish()
		return nil, os.NewSyscallError("epoll_ctl", regErr)
	}
	return s, nil
}

// pollReady notes the events and queues the transport's callback, once.
func (t *fdTransport) pollReady(ev poll.Events) { t.note(ev, t.s.loop, t) }

// Run is the callback for the events: it reads what came, unless the buffer
// is full, and writes what waits.
func (t *fdTransport) Run() {
	ev := t.take()
	if t.fd < 0 {
		return // closed since the event
	}
	if ev&poll.Readable != 0 {
		t.readable = true
		t.fill()
	}
	if ev&poll.Writable != 0 {
		t.writable = true
		if t.busy() {
			t.flush()
		}
	}
}

// fill reads while the socket has data (until EAGAIN) and the buffer has room.
func (t *fdTransport) fill() {
	s := t.s
	for t.readable && !s.closing && s.rerr == nil && !s.paused {
		buf := s.loop.readBuffer()
		n, err := unix.Read(t.fd, buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			t.readable = false
			return
		case err != nil:
			t.readable = false
			s.received(nil, os.NewSyscallError("read", err))
			return
		case n == 0:
			t.readable = false
			s.received(nil, io.EOF)
			return
		}
		s.received(buf[:n], nil)
	}
}

func (t *fdTransport) resume() { t.fill() }

// send writes p at once, as far as the socket takes it, if nothing waits
// before it; the rest is queued until the socket is writable.
func (t *fdTransport) send(p []byte) {
	s := t.s
	if len(s.pending) == 0 && s.werr == nil {
		p = t.write(p)
	}
	if len(p) > 0 && s.werr == nil {
		s.pending = append(s.pending, p...)
	}
}

// write writes p while the socket takes it and returns what is left.
func (t *fdTransport) write(p []byte) []byte {
	for len(p) > 0 && t.writable {
		n, err := unix.Write(t.fd, p)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			t.writable = false
		case err != nil:
			t.s.werr = os.NewSyscallError("write", err)
			return nil
		default:
			p = p[n:]
		}
	}
	return p
}

// flush writes what pending holds, then half-closes if WriteEOF asked.
func (t *fdTransport) flush() {
	s := t.s
	before := len(s.pending)
	if s.werr == nil {
		s.pending = t.write(s.pending)
		if len(s.pending) == 0 {
			s.pending = nil
		}
	}
	if len(s.pending) == 0 && s.eof && !s.eofSent && s.werr == nil {
		s.eofSent = true
		if err := unix.Shutdown(t.fd, unix.SHUT_WR); err != nil {
			s.werr = os.NewSyscallError("shutdown", err)
		}
	}
	if len(s.pending) < before || s.werr != nil || s.eofSent {
		s.sent()
	}
}

func (t *fdTransport) inFlight() int { return 0 }

func (t *fdTransport) busy() bool {
	s := t.s
	return s.werr == nil && (len(s.pending) > 0 || s.eof && !s.eofSent)
}

func (t *fdTransport) canHalfClose() bool { return true }

func (t *fdTransport) stopReading() {}

func (t *fdTransport) reset() { t.linger0 = true }

// close takes the socket off the poller and closes it.
func (t *fdTransport) close() error {
	if t.linger0 && t.fd >= 0 {
		unix.SetsockoptLinger(t.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
	}
	return t.s.loop.closeSocket(&t.fd)
}

// addrs returns the socket's addresses, looking them up (and keeping the
// local one) while the socket is open: an idle connection keeps neither as
// a net.Addr.
func (t *fdTransport) addrs() (local, remote net.Addr) {
	if t.local == nil && t.fd >= 0 {
		t.local = localAddr(t.network, t.fd)
	}
	if t.remoteSA == nil && t.fd >= 0 {
		t.remoteSA, _ = unix.Getpeername(t.fd)
	}
	if t.remoteSA != nil {
		remote = sockaddrToAddr(t.network, t.remoteSA)
	}
	return t.local, remote
}

// readBuffer returns the loop's scratch buffer, which every socket reads
// into before the stream keeps what it read.
func (l *Loop) readBuffer() []byte {
	if l.scratch == nil {
		l.scratch = make([]byte, readLimit)
	}
	return l.scratch
}

// openSocket connects a non-blocking socket to address and returns its
// stream: OpenConnection on the loop's poller. The addresses a host name
// resolves to are tried in turn.
func openSocket(yield coro.Yield, l *Loop, network, address string) (*Stream, error) {
	addrs, err := resolve(yield, network, address)
	if err != nil {
		return nil, opError("dial", network, nil, err)
	}
	for _, a := range addrs {
		a = dialable(a)
		var fd int
		fd, err = connectSocket(yield, l, a)
		if err == nil {
			return newFDStream(l, nil, network, fd, a.sa)
		}
		err = opError("dial", network, sockaddrToAddr(network, a.sa), err)
		if coro.Checkpoint(yield) != nil {
			break // cancelled: try no other address
		}
	}
	return nil, err
}

// connectSocket connects a new socket to a, waiting for the connect on the
// poller, and returns it connected.
func connectSocket(yield coro.Yield, l *Loop, a socketAddr) (int, error) {
	fd, err := newSocket(a, unix.SOCK_STREAM)
	if err != nil {
		return -1, err
	}
	err = unix.Connect(fd, a.sa)
	for err == unix.EINTR {
		err = unix.Connect(fd, a.sa)
	}
	if err == nil {
		return fd, nil
	}
	if err != unix.EINPROGRESS {
		unix.Close(fd)
		return -1, os.NewSyscallError("connect", err)
	}
	c := &connecting{done: coro.NewFuture[struct{}](yield)}
	if err := l.register(fd, c); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("epoll_ctl", err)
	}
	release := l.Hold() // the connect is an outside event the loop waits for
	_, err = c.done.Await(yield)
	release()
	l.unregister(fd)
	if err == nil {
		var soerr int
		if soerr, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR); err == nil && soerr != 0 {
			err = os.NewSyscallError("connect", unix.Errno(soerr))
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// connecting waits for a socket's connect to end: it becomes writable.
type connecting struct{ done *coro.Future[struct{}] }

func (c *connecting) pollReady(ev poll.Events) {
	if ev&poll.Writable != 0 {
		c.done.SetResult(struct{}{})
	}
}
