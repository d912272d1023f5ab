//go:build linux

package loop_test

import (
	"fmt"
	"net"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestIPv6ZoneKept: a link-local IPv6 address with its zone ("%eth0") can
// be listened on and dialled, as with Go's net. resolve parses the zone
// but makes the sockaddr from As16 alone (ZoneId 0): the kernel refuses a
// link-local address with no interface (bind or connect: EINVAL).
func TestIPv6ZoneKept(t *testing.T) {
	ip, zone := linkLocal()
	if zone == "" {
		t.Skip("no link-local IPv6 address")
	}
	loop.OnBothPaths(t, func(t *testing.T) {
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			srv, err := loop.StartServer(yield, "tcp", fmt.Sprintf("[%s%%%s]:0", ip, zone), func(Y, *loop.Stream) {})
			if err != nil {
				return struct{}{}, err
			}
			defer srv.Close()
			port := srv.Addr().(*net.TCPAddr).Port
			s, err := loop.OpenConnection(yield, "tcp", fmt.Sprintf("[%s%%%s]:%d", ip, zone, port))
			if err != nil {
				return struct{}{}, err
			}
			return struct{}{}, s.Close()
		}))
		if err != nil {
			t.Error(err)
		}
	})
}

// linkLocal returns a link-local IPv6 address of this host and its zone.
func linkLocal() (net.IP, string) {
	ifs, _ := net.Interfaces()
	for _, ifc := range ifs {
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() == nil && n.IP.IsLinkLocalUnicast() {
				return n.IP, ifc.Name
			}
		}
	}
	return nil, ""
}
