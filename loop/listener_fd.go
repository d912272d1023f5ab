//go:build linux

package loop

import (
	"net"
	"os"
	"syscall"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/internal/poll"
	"golang.org/x/sys/unix"
)

// fdListener accepts on the loop's poller: when epoll says connections wait,
// its callback accepts them, up to acceptBatch a turn, and serves each.
type fdListener struct {
	srv     *Server
	network string
	fd      int // -1 once closed
	queued  bool
	retry   *Handle // out of descriptors: no accepting until it runs
	local   net.Addr
	unlink  string // a Unix socket's file, removed at close
	release func() // its hold on the loop: connections may come
}

// acceptBatch is how many connections a listener accepts in one turn before
// it lets the loop's other work run.
const acceptBatch = 128

// acceptRetry is how long a listener waits after the process ran out of
// descriptors (or memory) before it accepts again, as asyncio's does.
const acceptRetry = time.Second

// listenFD makes srv's listening socket on the loop's poller.
func listenFD(yield coro.Yield, srv *Server, network, address string, shared bool) (*fdListener, error) {
	fd, local, err := listenSocket(yield, network, address, shared)
	if err != nil {
		return nil, err
	}
	f := &fdListener{srv: srv, network: network, fd: fd, local: local}
	if network == "unix" && isSocketFile(address) {
		f.unlink = address
	}
	if err := srv.loop.register(fd, f); err != nil {
		unix.Close(fd)
		return nil, opError("listen", network, local, os.NewSyscallError("epoll_ctl", err))
	}
	f.release = srv.loop.Hold()
	return f, nil
}

func (f *fdListener) pollReady(poll.Events) { f.queue() }

// queue puts the accepting callback in the ready queue, once, unless the
// listener waits to retry.
func (f *fdListener) queue() {
	if !f.queued && f.fd >= 0 && f.retry == nil {
		f.queued = true
		f.srv.loop.ready.Push(f)
	}
}

// Run accepts the connections that wait, and serves each.
func (f *fdListener) Run() {
	f.queued = false
	l := f.srv.loop
	for range acceptBatch {
		if f.fd < 0 {
			return
		}
		fd, sa, err := unix.Accept4(f.fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch errno(err) {
		case 0:
		case unix.EAGAIN:
			return // until the next event
		case unix.EINTR, unix.ECONNABORTED, unix.EPROTO:
			continue
		default:
			l.log().Error("loop: accept failed; the server accepts again in a second",
				"addr", f.local, "err", os.NewSyscallError("accept4", err))
			// The events that come meanwhile are ignored, as asyncio
			// removes the reader: each would be another failed accept.
			f.retry, _ = l.CallLater(acceptRetry, func() {
				f.retry = nil
				f.queue()
			})
			return
		}
		if f.network != "unix" {
			unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1) // as Go's net does
		}
		s, err := newFDStream(l, f.srv, f.network, fd, sa)
		if err != nil {
			l.log().Error("loop: a connection could not be served", "addr", f.local, "err", err)
			continue
		}
		f.srv.serve(s)
	}
	f.queue() // more may wait: the edge has passed, so look again next turn
}

func (f *fdListener) addr() net.Addr { return f.local }

// close takes the socket off the poller and closes it (and removes a Unix
// socket's file).
func (f *fdListener) close() error {
	if f.fd < 0 {
		return nil
	}
	err := f.srv.loop.closeSocket(&f.fd)
	if f.retry != nil {
		f.retry.Cancel()
		f.retry = nil
	}
	f.release()
	if f.unlink != "" {
		os.Remove(f.unlink)
	}
	return err
}

// reusePort sets SO_REUSEPORT on a socket package net makes, for a Pool's
// servers on the portable path.
func reusePort(network, address string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
	})
	if err != nil {
		return err
	}
	return serr
}
