package loop

import (
	"context"
	"net"
	"net/netip"
	"os"
	"strconv"
	"syscall"

	"github.com/corio-go/corio/coro"
	"golang.org/x/sys/unix"
)

// The sockets of the loop's poller: non-blocking, close-on-exec, made and
// named with package unix, as Go's net package makes its own.

// socketAddr is an address to listen on, connect to or send to, in the
// kernel's form, with the family its socket takes.
type socketAddr struct {
	family int
	sa     unix.Sockaddr
	dual   bool // an IPv6 wildcard that takes IPv4 too, as Go's net.Listen does
}

// resolve turns network and address into the addresses to try, in order.
// An IP address or a Unix path is taken as it is; a host name is resolved on
// the loop's worker goroutines, so the loop never waits for DNS.
func resolve(yield coro.Yield, network, address string) ([]socketAddr, error) {
	switch network {
	case "unix":
		return []socketAddr{{family: unix.AF_UNIX, sa: &unix.SockaddrUnix{Name: address}}}, nil
	case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6":
	default:
		return nil, net.UnknownNetworkError(network)
	}
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := net.LookupPort(network, portText)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if host == "" {
		ips = []netip.Addr{netip.IPv6Unspecified()}
		if network[len(network)-1] == '4' {
			ips = []netip.Addr{netip.IPv4Unspecified()}
		}
	} else if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = ToThread(func(ctx context.Context) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, ipNetwork(network), host)
		}).Await(yield)
		if err != nil {
			return nil, err
		}
	}
	var out []socketAddr
	for _, ip := range ips {
		ip = ip.Unmap()
		switch {
		case ip.Is4() && network[len(network)-1] != '6':
			out = append(out, socketAddr{family: unix.AF_INET, sa: &unix.SockaddrInet4{Port: port, Addr: ip.As4()}})
		case ip.Is6() && network[len(network)-1] != '4':
			out = append(out, socketAddr{family: unix.AF_INET6, sa: &unix.SockaddrInet6{Port: port, Addr: ip.As16(), ZoneId: zoneIndex(ip.Zone())},
				dual: host == "" && len(network) == 3})
		}
	}
	if len(out) == 0 {
		return nil, &net.AddrError{Err: "no suitable address", Addr: address}
	}
	return out, nil
}

// dialable returns a as an address to connect to: the dual-stack wildcard
// of an empty host, which is for listening, becomes the IPv4 loopback, as
// Go's net dials "the local system" for it.
func dialable(a socketAddr) socketAddr {
	if !a.dual {
		return a
	}
	return socketAddr{family: unix.AF_INET, sa: &unix.SockaddrInet4{Port: a.sa.(*unix.SockaddrInet6).Port, Addr: [4]byte{127, 0, 0, 1}}}
}

// ipNetwork is the network a resolver takes for a socket's network.
func ipNetwork(network string) string {
	switch network[len(network)-1] {
	case '4':
		return "ip4"
	case '6':
		return "ip6"
	}
	return "ip"
}

// newSocket makes a non-blocking socket of a's family.
func newSocket(a socketAddr, kind int) (int, error) {
	fd, err := unix.Socket(a.family, kind|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if a.dual {
		unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0)
	}
	if kind == unix.SOCK_STREAM && a.family != unix.AF_UNIX {
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1) // as Go's net does
	}
	return fd, nil
}

// listenBacklog is the queue of connections not yet accepted; the kernel
// caps it at net.core.somaxconn.
const listenBacklog = 4096

// listenSocket makes a listening socket for network and address, with
// SO_REUSEPORT if shared, so that the loops of a Pool each accept on their
// own.
func listenSocket(yield coro.Yield, network, address string, shared bool) (fd int, addr net.Addr, err error) {
	addrs, err := resolve(yield, network, address)
	if err != nil {
		return -1, nil, opError("listen", network, nil, err)
	}
	a := addrs[0]
	if fd, err = newSocket(a, unix.SOCK_STREAM); err != nil {
		return -1, nil, opError("listen", network, nil, err)
	}
	if a.family != unix.AF_UNIX {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1) // as Go's net does
		if shared {
			if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
				unix.Close(fd)
				return -1, nil, opError("listen", network, nil, os.NewSyscallError("setsockopt", err))
			}
		}
	}
	if err := unix.Bind(fd, a.sa); err != nil {
		unix.Close(fd)
		return -1, nil, opError("listen", network, sockaddrToAddr(network, a.sa), os.NewSyscallError("bind", err))
	}
	if err := unix.Listen(fd, listenBacklog); err != nil {
		unix.Close(fd)
		return -1, nil, opError("listen", network, sockaddrToAddr(network, a.sa), os.NewSyscallError("listen", err))
	}
	return fd, localAddr(network, fd), nil
}

// opError wraps err as Go's net package reports a failed operation.
func opError(op, network string, addr net.Addr, err error) error {
	if _, ok := err.(*net.OpError); ok {
		return err
	}
	return &net.OpError{Op: op, Net: network, Addr: addr, Err: err}
}

// localAddr and remoteAddr name a socket's ends as Go's net package does.
func localAddr(network string, fd int) net.Addr {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return nil
	}
	return sockaddrToAddr(network, sa)
}

func remoteAddr(network string, fd int) net.Addr {
	sa, err := unix.Getpeername(fd)
	if err != nil {
		return nil
	}
	return sockaddrToAddr(network, sa)
}

// sockaddrToAddr converts a kernel address to net's.
func sockaddrToAddr(network string, sa unix.Sockaddr) net.Addr {
	udp := len(network) >= 3 && network[:3] == "udp"
	var ip netip.Addr
	var port int
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		ip, port = netip.AddrFrom4(sa.Addr), sa.Port
	case *unix.SockaddrInet6:
		ip, port = netip.AddrFrom16(sa.Addr), sa.Port
		if sa.ZoneId != 0 {
			ip = ip.WithZone(zoneName(sa.ZoneId))
		}
	case *unix.SockaddrUnix:
		if network == "unixgram" {
			return &net.UnixAddr{Name: sa.Name, Net: network}
		}
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	default:
		return nil
	}
	if udp {
		return net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port)))
	}
	return net.TCPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port)))
}

// zoneIndex returns the interface index an IPv6 zone names (a name, or a
// number), as a sockaddr's scope; 0 for none.
func zoneIndex(zone string) uint32 {
	if zone == "" {
		return 0
	}
	if ifi, err := net.InterfaceByName(zone); err == nil {
		return uint32(ifi.Index)
	}
	n, _ := strconv.ParseUint(zone, 10, 32)
	return uint32(n)
}

// zoneName names the interface of a sockaddr's scope, as a zone.
func zoneName(index uint32) string {
	if ifi, err := net.InterfaceByIndex(int(index)); err == nil {
		return ifi.Name
	}
	return strconv.FormatUint(uint64(index), 10)
}

// errno returns err as a plain errno, for comparisons.
func errno(err error) syscall.Errno {
	e, _ := err.(syscall.Errno)
	return e
}
