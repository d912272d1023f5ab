//go:build linux

package loop_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestAbstractUnixSocketRemovesNoFile: closing a server or a datagram
// socket on a Linux abstract address ("@name": no file) leaves the file
// system alone. The poller's listener removes its address as a path at
// close (os.Remove("@name"), relative to the working directory), and both
// datagram transports remove the local name, so an unrelated file named
// "@name" goes. Go's net skips names that start with '@' or NUL.
func TestAbstractUnixSocketRemovesNoFile(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		t.Chdir(t.TempDir())
		for _, network := range []string{"unix", "unixgram"} {
			name := fmt.Sprintf("@corio-review-%d-%s", os.Getpid(), network)
			if err := os.WriteFile(name, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
				if network == "unix" {
					srv, err := loop.StartServer(yield, network, name, func(Y, *loop.Stream) {})
					if err != nil {
						return struct{}{}, err
					}
					return struct{}{}, srv.Close()
				}
				d, err := loop.ListenDatagram(yield, network, name)
				if err != nil {
					return struct{}{}, err
				}
				return struct{}{}, d.Close()
			}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(name); err != nil {
				t.Errorf("%s on the abstract address %s: closing it removed the file of that name: %v", network, name, err)
			}
		}
	})
}
