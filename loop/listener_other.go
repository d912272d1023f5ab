//go:build !linux

package loop

import (
	"errors"
	"net"
	"syscall"

	"github.com/corio-go/corio/coro"
)

// errNoPoller is what the poller's paths return where there is no poller;
// the loop never takes them there (usePoller is false).
var errNoPoller = errors.New("loop: no OS poller on this platform")

type fdListener struct{}

func listenFD(coro.Yield, *Server, string, string, bool) (*fdListener, error) {
	return nil, errNoPoller
}

func (*fdListener) addr() net.Addr { return nil }
func (*fdListener) close() error   { return errNoPoller }

func openSocket(coro.Yield, *Loop, string, string) (*Stream, error) { return nil, errNoPoller }

// reusePort is not offered here: a Pool's servers share no port.
func reusePort(string, string, syscall.RawConn) error { return errNoPoller }

type fdDatagram struct{ datagramTransport }

func newFDDatagram(coro.Yield, *Datagram, string, string, bool) (*fdDatagram, error) {
	return nil, errNoPoller
}
