package loop_test

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// echoDatagrams sends each datagram back to its sender, upper-cased, until
// the endpoint is closed.
func echoDatagrams(yield Y, d *loop.Datagram) {
	for {
		p, from, err := d.Recv(yield)
		if err != nil {
			return
		}
		d.SendTo([]byte(fmt.Sprintf("<%s>", p)), from)
	}
}

// TestDatagramEcho: datagrams go whole, and come back in order, over UDP and
// over Unix datagram sockets.
func TestDatagramEcho(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		for _, net := range []struct{ name, server, client string }{
			{"udp", "127.0.0.1:0", "127.0.0.1:0"},
			{"unixgram", t.TempDir() + "/server.sock", t.TempDir() + "/client.sock"},
		} {
			t.Run(net.name, func(t *testing.T) {
				_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
					server, err := loop.ListenDatagram(yield, net.name, net.server)
					if err != nil {
						return struct{}{}, err
					}
					defer server.Close()
					coro.Spawn(yield, coro.Coroutine(func(yield Y) { echoDatagrams(yield, server) }))
					client, err := loop.ListenDatagram(yield, net.name, net.client)
					if err != nil {
						return struct{}{}, err
					}
					defer client.Close()
					for i := range 20 {
						if err := client.SendTo(fmt.Appendf(nil, "d%d", i), server.LocalAddr()); err != nil {
							return struct{}{}, err
						}
					}
					for i := range 20 {
						p, from, err := client.Recv(yield)
						if want := fmt.Sprintf("<d%d>", i); string(p) != want || err != nil {
							t.Fatalf("datagram %d: %q, %v; want %q", i, p, err, want)
						}
						if from.String() != server.LocalAddr().String() {
							t.Errorf("from %v, want the server %v", from, server.LocalAddr())
						}
					}
					return struct{}{}, nil
				}))
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// TestDatagramConnectedAndErrors: a connected socket sends with no address
// and hears the peer's refusal from Recv; misuse fails clearly; Close ends
// a waiting Recv with net.ErrClosed.
func TestDatagramConnectedAndErrors(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			server, err := loop.ListenDatagram(yield, "udp", "127.0.0.1:0")
			if err != nil {
				return struct{}{}, err
			}
			coro.Spawn(yield, coro.Coroutine(func(yield Y) { echoDatagrams(yield, server) }))
			c, err := loop.DialDatagram(yield, "udp", server.LocalAddr().String())
			if err != nil {
				return struct{}{}, err
			}
			defer c.Close()
			if c.RemoteAddr().String() != server.LocalAddr().String() {
				t.Errorf("RemoteAddr = %v, want %v", c.RemoteAddr(), server.LocalAddr())
			}
			c.SendTo([]byte("ping"), nil)
			if p, _, err := c.Recv(yield); string(p) != "<ping>" || err != nil {
				t.Errorf("reply %q, %v", p, err)
			}
			server.Close() // nothing listens there now: the kernel refuses
			c.SendTo([]byte("anyone?"), nil)
			if _, _, err := c.Recv(yield); !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("Recv after the peer closed: %v, want ECONNREFUSED", err)
			}

			unconnected, err := loop.ListenDatagram(yield, "udp", "127.0.0.1:0")
			if err != nil {
				return struct{}{}, err
			}
			if err := unconnected.SendTo([]byte("x"), nil); err == nil {
				t.Error("SendTo with no address on an unconnected socket: no error")
			}
			waiter := coro.Spawn(yield, coro.Func[[]byte](func(yield Y) ([]byte, error) {
				p, _, err := unconnected.Recv(yield)
				return p, err
			}))
			coro.Sleep(0).Await(yield)
			unconnected.Close()
			if _, err := waiter.Await(yield); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Recv when closed: %v, want net.ErrClosed", err)
			}
			if err := unconnected.SendTo([]byte("x"), c.LocalAddr()); !errors.Is(err, net.ErrClosed) {
				t.Errorf("SendTo after Close: %v, want net.ErrClosed", err)
			}
			if _, err := loop.ListenDatagram(yield, "tcp", "127.0.0.1:0"); err == nil {
				t.Error("a datagram endpoint on tcp: no error")
			}
			return struct{}{}, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	})
}
