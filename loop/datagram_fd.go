//go:build linux

package loop

import (
	"fmt"
	"net"
	"os"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/internal/poll"
	"golang.org/x/sys/unix"
)

// fdDatagram serves a Datagram's socket on the loop's poller, registered
// edge-triggered as a stream's is: it reads every datagram that waits when
// the socket becomes readable, and sends at once what the kernel takes.
type fdDatagram struct {
	d       *Datagram
	network string
	fd      int // -1 once closed
	family  int
	readiness
	readable bool
	writable bool
	outbox   []outgoing // datagrams waiting for room, in order
	local    net.Addr
	remote   net.Addr
}

// outgoing is a datagram waiting to be sent.
type outgoing struct {
	data []byte
	to   unix.Sockaddr // nil: the connected peer
}

func newFDDatagram(yield coro.Yield, d *Datagram, network, address string, connect bool) (*fdDatagram, error) {
	switch network {
	case "udp", "udp4", "udp6", "unixgram":
	default:
		return nil, opError("listen", network, nil, net.UnknownNetworkError(network))
	}
	resolveNet := network
	if network == "unixgram" {
		resolveNet = "unix"
	}
	addrs, err := resolve(yield, resolveNet, address)
	if err != nil {
		return nil, opError("listen", network, nil, err)
	}
	a := addrs[0]
	if connect {
		a = dialable(a) // no wildcard to connect to: the loopback, as Go's net dials
	}
	fd, err := newSocket(a, unix.SOCK_DGRAM)
	if err != nil {
		return nil, opError("listen", network, nil, err)
	}
	t := &fdDatagram{d: d, network: network, fd: fd, family: a.family, writable: true}
	op, opErr := "bind", error(nil)
	if connect {
		op = "connect"
		opErr = unix.Connect(fd, a.sa)
	} else {
		if a.family != unix.AF_UNIX {
			unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
		}
		opErr = unix.Bind(fd, a.sa)
	}
	if opErr != nil {
		unix.Close(fd)
		return nil, opError(op, network, sockaddrToAddr(network, a.sa), os.NewSyscallError(op, opErr))
	}
	t.local = localAddr(network, fd)
	if connect {
		t.remote = remoteAddr(network, fd)
	}
	if err := d.loop.register(fd, t); err != nil {
		unix.Close(fd)
		return nil, opError(op, network, t.local, os.NewSyscallError("epoll_ctl", err))
	}
	return t, nil
}

// pollReady notes the events and queues the endpoint's callback, once.
func (t *fdDatagram) pollReady(ev poll.Events) { t.note(ev, t.d.loop, t) }

// Run reads the datagrams that wait and sends those that waited for room.
func (t *fdDatagram) Run() {
	ev := t.take()
	if t.fd < 0 {
		return
	}
	if ev&poll.Readable != 0 {
		t.readable = true
		t.fill()
	}
	if ev&poll.Writable != 0 {
		t.writable = true
		t.flush()
	}
}

// fill reads datagrams while there are some and the endpoint has room.
func (t *fdDatagram) fill() {
	for t.readable && !t.d.paused && t.fd >= 0 {
		buf := t.d.loop.readBuffer()
		n, from, err := unix.Recvfrom(t.fd, buf, 0)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			t.readable = false
			return
		case err != nil: // an ICMP error on a connected socket: the socket goes on
			t.d.deliver(nil, nil, opError("read", t.network, t.remote, os.NewSyscallError("recvfrom", err)))
			continue
		}
		var addr net.Addr
		if from != nil {
			addr = sockaddrToAddr(t.network, from)
		} else {
			addr = t.remote
		}
		t.d.deliver(append([]byte(nil), buf[:n]...), addr, nil)
	}
}

func (t *fdDatagram) resume() { t.fill() }

func (t *fdDatagram) sendTo(p []byte, addr net.Addr) error {
	var to unix.Sockaddr
	if addr != nil {
		var err error
		if to, err = t.sockaddr(addr); err != nil {
			return err
		}
	} else if t.remote == nil {
		return fmt.Errorf("loop: SendTo with no address on a socket that is not connected")
	}
	if len(t.outbox) == 0 && t.writable {
		err := t.send(p, to)
		if err != unix.EAGAIN {
			if err != nil {
				return opError("write", t.network, addr, os.NewSyscallError("sendto", err))
			}
			return nil
		}
	}
	t.outbox = append(t.outbox, outgoing{append([]byte(nil), p...), to})
	return nil
}

// send sends one datagram, retrying if a signal interrupted it.
func (t *fdDatagram) send(p []byte, to unix.Sockaddr) error {
	for {
		err := unix.Sendto(t.fd, p, 0, to)
		if err == unix.EAGAIN {
			t.writable = false
		}
		if err != unix.EINTR {
			return err
		}
	}
}

// flush sends the datagrams that waited for room. One the socket refuses
// is dropped, as a datagram lost: asyncio reports it to error_received,
// and this endpoint to the log.
func (t *fdDatagram) flush() {
	for len(t.outbox) > 0 && t.writable {
		g := t.outbox[0]
		err := t.send(g.data, g.to)
		if err == unix.EAGAIN {
			return
		}
		if err != nil {
			t.d.loop.log().Warn("loop: a datagram could not be sent", "local", t.local, "err", err)
		}
		t.outbox[0] = outgoing{}
		t.outbox = t.outbox[1:]
	}
	if len(t.outbox) == 0 {
		t.outbox = nil
	}
}

// sockaddr converts a destination to the kernel's form for this socket.
func (t *fdDatagram) sockaddr(addr net.Addr) (unix.Sockaddr, error) {
	switch a := addr.(type) {
	case *net.UnixAddr:
		if t.family == unix.AF_UNIX {
			return &unix.SockaddrUnix{Name: a.Name}, nil
		}
	case *net.UDPAddr:
		ip := a.AddrPort().Addr().Unmap()
		switch {
		case t.family == unix.AF_INET6:
			return &unix.SockaddrInet6{Port: a.Port, Addr: ip.As16(), ZoneId: zoneIndex(a.Zone)}, nil
		case t.family == unix.AF_INET && ip.Is4():
			return &unix.SockaddrInet4{Port: a.Port, Addr: ip.As4()}, nil
		}
	}
	return nil, fmt.Errorf("loop: SendTo %v (%T) from a socket on %v", addr, addr, t.local)
}

func (t *fdDatagram) close() error {
	if t.fd < 0 {
		return nil
	}
	err := t.d.loop.closeSocket(&t.fd)
	t.outbox = nil
	if t.network == "unixgram" && t.remote == nil {
		if a, ok := t.local.(*net.UnixAddr); ok && isSocketFile(a.Name) {
			os.Remove(a.Name)
		}
	}
	return err
}

func (t *fdDatagram) addrs() (local, remote net.Addr) { return t.local, t.remote }
