//go:build linux

package loop_test

import (
	"fmt"
	"net"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestDialEmptyHostReachesIPv4Loopback: OpenConnection("tcp", ":port")
// reaches a server on 127.0.0.1, as net.Dial does ("the local system";
// Go dials 0.0.0.0 over IPv4) and as DialDatagram on the poller does. On the
// poller, resolve makes the empty host the dual-stack wildcard [::], which
// is for listening: connect takes it for ::1, and is refused.
func TestDialEmptyHostReachesIPv4Loopback(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		_, err = loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			s, err := loop.OpenConnection(yield, "tcp", fmt.Sprintf(":%d", ln.Addr().(*net.TCPAddr).Port))
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
