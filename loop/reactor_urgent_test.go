//go:build linux

package loop_test

import (
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"golang.org/x/sys/unix"
)

// TestShortReadAtUrgentMark: bytes after TCP urgent data (MSG_OOB) are
// delivered. A TCP read stops at the urgent mark once it has copied
// something, so it comes back short with data still queued; the poller's
// transport takes a short read for an empty socket (readable = false) and
// waits for an edge that never comes: "de" stays in the kernel. Go's net,
// and asyncio's level-triggered selector, read on.
func TestShortReadAtUrgentMark(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		accepted := make(chan struct{}, 1)
		got := make(chan string, 1)
		done := make(chan struct{})
		var client sync.WaitGroup
		defer client.Wait()
		defer close(done)
		withServer(t, func(yield Y, s *loop.Stream) {
			accepted <- struct{}{}
			time.Sleep(200 * time.Millisecond) // blocks the loop: everything arrives before the first read
			b, err := coro.Timeout(yield, time.Second, coro.Func[[]byte](func(yield Y) ([]byte, error) {
				return s.ReadExactly(yield, 4)
			}))
			got <- fmt.Sprintf("%q %v", b, err)
		}, func(yield Y, addr string) error {
			sent := make(chan error, 1)
			client.Go(func() {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					sent <- err
					return
				}
				defer c.Close()
				<-accepted
				raw, _ := c.(*net.TCPConn).SyscallConn()
				c.Write([]byte("ab"))
				raw.Write(func(fd uintptr) bool {
					err = unix.Sendto(int(fd), []byte("!"), unix.MSG_OOB, nil)
					return true
				})
				c.Write([]byte("de"))
				sent <- err
				<-done // no FIN, no more data meanwhile: no other edge
			})
			if _, _, err := loop.Recv(yield, (<-chan error)(sent)); err != nil {
				return err
			}
			g, _, err := loop.Recv(yield, (<-chan string)(got))
			if want := `"abde" <nil>`; g != want {
				t.Errorf("the server read %s; want %s", g, want)
			}
			return err
		})
	})
}
