package loop_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// echoLines serves each line back, until the peer closes.
func echoLines(yield Y, s *loop.Stream) {
	for {
		line, err := s.ReadUntil(yield, []byte("\n"))
		if err != nil {
			return
		}
		if s.Write(line) != nil || s.Drain(yield) != nil {
			return
		}
	}
}

// withServer runs body on a loop with an echo server listening on loopback,
// and closes both.
func withServer(t *testing.T, handle func(Y, *loop.Stream), body func(yield Y, addr string) error, opts ...loop.Option) {
	t.Helper()
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", handle)
		if err != nil {
			return struct{}{}, err
		}
		defer srv.Close()
		return struct{}{}, body(yield, srv.Addr().String())
	}), opts...)
	if err != nil {
		t.Fatal(err)
	}
}

func TestStreamEcho(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		withServer(t, echoLines, func(yield Y, addr string) error {
			s, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer s.Close()
			s.Write([]byte("hello\nworld\n"))
			if line, err := s.ReadUntil(yield, []byte("\n")); string(line) != "hello\n" || err != nil {
				t.Errorf("ReadUntil = %q, %v", line, err)
			}
			if b, err := s.ReadExactly(yield, 3); string(b) != "wor" || err != nil {
				t.Errorf("ReadExactly = %q, %v", b, err)
			}
			buf := make([]byte, 100)
			if n, err := s.Read(yield, buf); string(buf[:n]) != "ld\n" || err != nil {
				t.Errorf("Read = %q, %v", buf[:n], err)
			}
			return nil
		}, loop.WithVirtualClock())
	})
}

// TestPeerClosesMidRead checks the end of a stream: a read that wants more
// than the peer sent gets what there was and io.ErrUnexpectedEOF, then reads
// get io.EOF.
func TestPeerClosesMidRead(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		got := make(chan string, 3)
		short := func(yield Y, s *loop.Stream) {
			b, err := s.ReadExactly(yield, 5)
			got <- string(b) + " " + errString(err)
			n, err := s.Read(yield, make([]byte, 5))
			got <- fmt.Sprint(n, " ", errString(err))
		}
		withServer(t, short, func(yield Y, addr string) error {
			s, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			s.Write([]byte("abc"))
			if err := s.Flush(yield); err != nil {
				return err
			}
			s.Close()
			a, _, _ := loop.Recv(yield, got) // before the server closes
			b, _, _ := loop.Recv(yield, got)
			if a != "abc unexpected EOF" || b != "0 EOF" {
				t.Errorf("server read %q then %q", a, b)
			}
			return nil
		}, loop.WithVirtualClock())
	})
}

// TestReadCancelledByTimeoutLosesNothing: a ReadExactly that times out
// leaves the bytes it had buffered for the next read (real clock: a held
// loop's virtual clock would wait for the peer).
func TestReadCancelledByTimeoutLosesNothing(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		sendRest := make(chan struct{})
		slow := func(yield Y, s *loop.Stream) {
			s.Write([]byte("12"))
			s.Flush(yield)
			loop.Recv(yield, (<-chan struct{})(sendRest))
			s.Write([]byte("34"))
			s.Flush(yield)
			s.Read(yield, make([]byte, 1)) // until the client closes
		}
		withServer(t, slow, func(yield Y, addr string) error {
			s, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = coro.Timeout(yield, 20*time.Millisecond, coro.Func[[]byte](func(yield Y) ([]byte, error) {
				return s.ReadExactly(yield, 4)
			}))
			if !errors.Is(err, coro.ErrTimeout) {
				t.Errorf("ReadExactly with a timeout: %v", err)
			}
			close(sendRest)
			if b, err := s.ReadExactly(yield, 4); string(b) != "1234" || err != nil {
				t.Errorf("the next ReadExactly = %q, %v; want 1234", b, err)
			}
			return nil
		})
	})
}

// TestServerCloseStopsListeningOnly: Close stops listening, and the
// connections being served go on; CloseClients then ends them gracefully:
// the handlers' reads fail, what they wrote before arrives whole, the clients
// read EOF, WaitClosed returns, and (goleak, in TestMain) no goroutine is
// left.
func TestServerCloseStopsListeningOnly(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			handlerErrs := make(chan error, 3)
			reading := 0
			big := bytes.Repeat([]byte("0123456789abcdef"), 16<<10) // 256 KiB: more than a socket takes at once
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(yield Y, s *loop.Stream) {
				s.Write([]byte("hi\n"))
				for {
					reading++
					line, err := s.ReadLine(yield)
					if err != nil {
						handlerErrs <- err
						if s.Write([]byte("bye\n")) == nil {
							t.Error("a closing stream took a write")
						}
						return
					}
					if string(line) == "big\n" {
						s.Write(big) // still being sent when CloseClients comes
						continue
					}
					s.Write(line)
				}
			})
			if err != nil {
				return struct{}{}, err
			}
			addr := srv.Addr().String()
			var clients []*loop.Stream
			for range 3 {
				c, err := loop.OpenConnection(yield, "tcp", addr)
				if err != nil {
					return struct{}{}, err
				}
				clients = append(clients, c)
			}
			for reading < 3 { // every handler waits in its read
				coro.Sleep(0).Await(yield)
			}
			srv.Close()
			srv.Close()
			if c, err := loop.OpenConnection(yield, "tcp", addr); err == nil {
				c.Close()
				t.Error("a closed server accepted a connection")
			}
			for _, c := range clients { // still served
				c.Write([]byte("ping\n"))
				if got, err := c.ReadExactly(yield, 8); string(got) != "hi\nping\n" || err != nil {
					t.Errorf("after Close, a client read %q, %v; want its echo", got, err)
				}
			}
			for _, c := range clients {
				c.Write([]byte("big\n"))
			}
			for reading < 9 { // every handler has written big and reads again
				coro.Sleep(0).Await(yield)
			}
			srv.CloseClients()
			for _, c := range clients {
				if got, err := c.ReadAll(yield); !bytes.Equal(got, big) || err != nil {
					t.Errorf("after CloseClients, a client read %d bytes, %v; want all %d written before, then the end", len(got), err, len(big))
				}
				c.Close()
			}
			for range 3 {
				err, _, _ := loop.Recv(yield, handlerErrs)
				if !errors.Is(err, loop.ErrStreamClosed) {
					t.Errorf("handler read: %v, want ErrStreamClosed", err)
				}
			}
			return struct{}{}, srv.WaitClosed(yield)
		}), loop.WithVirtualClock())
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestServerAbortClients cuts the connections off: what was not sent is
// dropped, and the clients see the connection reset.
func TestServerAbortClients(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			served := false
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(yield Y, s *loop.Stream) {
				served = true
				s.Read(yield, make([]byte, 1))
			})
			if err != nil {
				return struct{}{}, err
			}
			c, err := loop.OpenConnection(yield, "tcp", srv.Addr().String())
			if err != nil {
				return struct{}{}, err
			}
			defer c.Close()
			for !served {
				coro.Sleep(0).Await(yield)
			}
			srv.Close()
			srv.AbortClients()
			if _, err := c.Read(yield, make([]byte, 1)); err == nil || errors.Is(err, io.EOF) {
				t.Errorf("client read after AbortClients: %v, want a reset", err)
			}
			return struct{}{}, srv.WaitClosed(yield)
		}), loop.WithVirtualClock())
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestSlowReaderBoundsTheWriter: a writer that outpaces its peer waits in
// Drain; what it has handed over while the peer reads nothing stays bounded
// (kernel socket buffers plus the stream's 64 KiB), and every byte arrives.
func TestSlowReaderBoundsTheWriter(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		const total = 32 << 20
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		var writtenBeforeRead int
		startReading := make(chan struct{})
		flood := func(yield Y, s *loop.Stream) {
			for sent := 0; sent < total; sent += len(chunk) {
				if s.Write(chunk) != nil || s.Drain(yield) != nil {
					return
				}
				select {
				case <-startReading:
				default:
					writtenBeforeRead = sent + len(chunk)
				}
			}
			s.Flush(yield)
		}
		withServer(t, flood, func(yield Y, addr string) error {
			s, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer s.Close()
			// Read nothing for a while: the server's writer must stall.
			if _, timedOut, err := coro.MoveOnAfter(yield, 50*time.Millisecond, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				return coro.Sleep(time.Hour).Await(yield)
			})); !timedOut || err != nil {
				return err
			}
			close(startReading)
			got := 0
			buf := make([]byte, 1<<20)
			for got < total {
				n, err := s.Read(yield, buf)
				if err != nil {
					return err
				}
				got += n
			}
			return nil
		})
		if writtenBeforeRead >= 16<<20 {
			t.Errorf("the writer got %d bytes out while the peer read nothing: not bounded", writtenBeforeRead)
		}
		t.Logf("written before the reader started: %d KiB", writtenBeforeRead>>10)
	})
}

// readN reads up to n bytes with Read, into a buffer of its own.
func readN(yield Y, s *loop.Stream, n int) ([]byte, error) {
	p := make([]byte, n)
	k, err := s.Read(yield, p)
	return p[:k], err
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected EOF"
	}
	return err.Error()
}

// WriteEOF half-closes: the peer reads to the end (ReadAll) and still
// answers. ReadLine, ReadUntil and ReadExactly at the end of the stream
// behave as asyncio's readline, readuntil and readexactly; a second task
// reading at once gets ErrConcurrentRead.
func TestHalfCloseAndReadsAtTheEnd(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		withServer(t, func(yield Y, s *loop.Stream) {
			all, err := s.ReadAll(yield)
			if string(all) != "ping\nlast" || err != nil {
				t.Errorf("server ReadAll = %q, %v", all, err)
			}
			s.Write([]byte("line\npartial"))
		}, func(yield Y, addr string) error {
			c, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer c.Close()
			c.Write([]byte("ping\nlast"))
			if err := c.WriteEOF(); err != nil {
				return err
			}
			if err := c.Write([]byte("late")); !errors.Is(err, loop.ErrStreamClosed) {
				t.Errorf("Write after WriteEOF: %v, want ErrStreamClosed", err)
			}
			second := coro.Spawn(yield, coro.Func[[]byte](func(yield Y) ([]byte, error) { return readN(yield, c, 1) }))
			coro.Sleep(0).Await(yield) // second waits to read
			if _, err := c.ReadLine(yield); !errors.Is(err, loop.ErrConcurrentRead) {
				t.Errorf("a second reader: %v, want ErrConcurrentRead", err)
			}
			if b, err := second.Await(yield); string(b) != "l" || err != nil {
				t.Errorf("first reader: %q, %v", b, err)
			}
			if line, err := c.ReadLine(yield); string(line) != "ine\n" || err != nil {
				t.Errorf("ReadLine = %q, %v", line, err)
			}
			if line, err := c.ReadLine(yield); string(line) != "partial" || !errors.Is(err, io.EOF) {
				t.Errorf("ReadLine of the last line = %q, %v; want it and io.EOF", line, err)
			}
			if line, err := c.ReadLine(yield); len(line) != 0 || !errors.Is(err, io.EOF) {
				t.Errorf("ReadLine at the end = %q, %v; want nothing and io.EOF", line, err)
			}
			var incomplete *loop.IncompleteReadError
			if line, err := c.ReadUntil(yield, []byte("\n")); len(line) != 0 || !errors.As(err, &incomplete) || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("ReadUntil at the end = %q, %v; want an IncompleteReadError", line, err)
			}
			if b, err := c.ReadExactly(yield, 1); len(b) != 0 || !errors.As(err, &incomplete) || incomplete.Expected != 1 {
				t.Errorf("ReadExactly at the end = %q, %v", b, err)
			}
			return nil
		}, loop.WithVirtualClock())
	})
}

// A cancelled task's read takes nothing off the buffer: what it would have
// read stays for the next read. A read after Close fails, whatever is
// buffered.
func TestCancelledReadTakesNothing(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		withServer(t, func(yield Y, s *loop.Stream) {
			s.Write([]byte("xabcd\nrest")) // one write: it arrives in one read
		}, func(yield Y, addr string) error {
			c, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer c.Close()
			if _, err := c.ReadExactly(yield, 1); err != nil { // the rest is buffered now
				return err
			}
			var never coro.Event
			reader := coro.Spawn(yield, coro.Func[string](func(yield Y) (string, error) {
				never.Wait(yield) // cancelled here
				var got []string
				for _, read := range []func() ([]byte, error){
					func() ([]byte, error) { return readN(yield, c, 2) },
					func() ([]byte, error) { return c.ReadUpTo(yield, 2) },
					func() ([]byte, error) { return c.ReadExactly(yield, 2) },
					func() ([]byte, error) { return c.ReadUntil(yield, []byte("\n")) },
					func() ([]byte, error) { return c.ReadLine(yield) },
					func() ([]byte, error) { return c.ReadAll(yield) },
				} {
					if b, err := read(); len(b) != 0 || !errors.Is(err, coro.ErrCancelled) {
						got = append(got, fmt.Sprintf("%q, %v", b, err))
					}
				}
				return strings.Join(got, "; "), nil
			}))
			coro.Sleep(0).Await(yield) // reader waits on never
			reader.Cancel(nil)
			if got, _ := reader.Await(yield); got != "" {
				t.Errorf("cancelled reads took bytes: %s", got)
			}
			if line, err := c.ReadLine(yield); string(line) != "abcd\n" || err != nil {
				t.Errorf("the next read = %q, %v; want the bytes the cancelled reads left", line, err)
			}
			c.Close()
			if b, err := c.ReadUntil(yield, []byte("t")); len(b) != 0 || !errors.Is(err, loop.ErrStreamClosed) {
				t.Errorf("ReadUntil after Close = %q, %v; want ErrStreamClosed", b, err)
			}
			return nil
		}, loop.WithVirtualClock())
	})
}

// AbortClients and WaitClosed reach a connection whose handler returned but
// whose stream still sends: the server keeps it until it is closed.
func TestAbortClientsReachesAStreamStillSending(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		big := bytes.Repeat([]byte("z"), 32<<20) // far more than the socket buffers hold
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			returned := false
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(yield Y, s *loop.Stream) {
				s.Write(big)
				returned = true // the stream closes gracefully: it goes on sending
			})
			if err != nil {
				return struct{}{}, err
			}
			conn, err := net.Dial("tcp", srv.Addr().String()) // reads nothing, for now
			if err != nil {
				return struct{}{}, err
			}
			defer conn.Close()
			for !returned {
				coro.Sleep(time.Millisecond).Await(yield)
			}
			srv.Close()
			srv.AbortClients()
			if err := srv.WaitClosed(yield); err != nil {
				return struct{}{}, err
			}
			n, _ := io.Copy(io.Discard, conn)
			if n >= int64(len(big)) {
				t.Errorf("the peer read all %d bytes after AbortClients", n)
			}
			return struct{}{}, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestUnixSocketStream: a server on a Unix socket, and a stream to it, work
// as TCP's do (half-close included); Close removes the socket's file.
func TestUnixSocketStream(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		path := t.TempDir() + "/echo.sock"
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			srv, err := loop.StartServer(yield, "unix", path, func(yield Y, s *loop.Stream) {
				all, _ := s.ReadAll(yield)
				s.Write(bytes.ToUpper(all))
			})
			if err != nil {
				return struct{}{}, err
			}
			if got := srv.Addr().String(); got != path {
				t.Errorf("Addr = %q, want %q", got, path)
			}
			c, err := loop.OpenConnection(yield, "unix", path)
			if err != nil {
				return struct{}{}, err
			}
			defer c.Close()
			c.Write([]byte("over a unix socket"))
			if err := c.WriteEOF(); err != nil {
				return struct{}{}, err
			}
			if got, err := c.ReadAll(yield); string(got) != "OVER A UNIX SOCKET" || err != nil {
				t.Errorf("reply %q, %v", got, err)
			}
			srv.Close()
			return struct{}{}, srv.WaitClosed(yield)
		}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the socket's file after Close: %v, want it removed", err)
		}
	})
}

// TestDialErrors: a refused connection and an unknown network fail clearly
// on both paths, and the loop goes on.
func TestDialErrors(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		_, err = loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			if _, err := loop.OpenConnection(yield, "tcp", addr); !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("dial to a closed port: %v, want ECONNREFUSED", err)
			}
			if _, err := loop.OpenConnection(yield, "carrier-pigeon", addr); err == nil {
				t.Error("dial on an unknown network: no error")
			}
			if _, err := loop.StartServer(yield, "tcp", "127.0.0.1:-1", func(Y, *loop.Stream) {}); err == nil {
				t.Error("listen on a bad port: no error")
			}
			return struct{}{}, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestPollerServesWithoutGoroutines: on the poller, a connection costs no
// goroutine but its task's coroutine (an iter.Pull is one); on the portable
// path it costs two more.
func TestPollerServesWithoutGoroutines(t *testing.T) {
	const conns = 100
	for _, path := range []struct {
		name    string
		opt     loop.Option
		atLeast int
		atMost  int
	}{
		{"poller", loop.WithPoller(true), conns, conns + 10},
		{"portable", loop.WithPoller(false), 3 * conns, 3*conns + 10},
	} {
		t.Run(path.name, func(t *testing.T) {
			var clients []net.Conn
			defer func() {
				for _, c := range clients {
					c.Close()
				}
			}()
			_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
				srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", echoLines)
				if err != nil {
					return struct{}{}, err
				}
				defer srv.AbortClients()
				defer srv.Close()
				// Goroutines of earlier tests (the testing package's own) may
				// still be ending: count once the number holds still.
				before := runtime.NumGoroutine()
				for range 100 {
					time.Sleep(time.Millisecond) // blocks the loop: nothing to serve yet
					n := runtime.NumGoroutine()
					if n == before {
						break
					}
					before = n
				}
				for range conns {
					c, err := net.Dial("tcp", srv.Addr().String())
					if err != nil {
						return struct{}{}, err
					}
					clients = append(clients, c)
				}
				for srv.Len() < conns {
					coro.Sleep(time.Millisecond).Await(yield)
				}
				if grown := runtime.NumGoroutine() - before; grown < path.atLeast || grown > path.atMost {
					t.Errorf("%d connections served with %d more goroutines; want %d to %d", conns, grown, path.atLeast, path.atMost)
				}
				return struct{}{}, nil
			}), path.opt)
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReadUpTo: asyncio's read(n): up to n bytes as soon as there are some,
// everything buffered when n is larger, then io.EOF at the end.
func TestReadUpTo(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		withServer(t, func(yield Y, s *loop.Stream) {
			s.Write([]byte("hello world"))
		}, func(yield Y, addr string) error {
			c, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer c.Close()
			if _, err := c.ReadExactly(yield, 1); err != nil { // the rest is buffered now, or soon
				return err
			}
			if b, err := c.ReadUpTo(yield, 4); string(b) != "ello" || err != nil {
				t.Errorf("ReadUpTo(4) = %q, %v", b, err)
			}
			var rest []byte
			for len(rest) < len(" world") {
				b, err := c.ReadUpTo(yield, 100)
				if err != nil || len(b) == 0 {
					t.Fatalf("ReadUpTo(100) = %q, %v", b, err)
				}
				rest = append(rest, b...)
			}
			if string(rest) != " world" {
				t.Errorf("the rest = %q", rest)
			}
			if b, err := c.ReadUpTo(yield, 100); len(b) != 0 || !errors.Is(err, io.EOF) {
				t.Errorf("ReadUpTo at the end = %q, %v; want io.EOF", b, err)
			}
			if b, err := c.ReadUpTo(yield, 0); len(b) != 0 || err != nil {
				t.Errorf("ReadUpTo(0) = %q, %v", b, err)
			}
			if _, err := c.ReadUpTo(yield, -1); err == nil || !strings.Contains(err.Error(), "negative") {
				t.Errorf("ReadUpTo(-1): %v, want a clear error", err)
			}
			return nil
		}, loop.WithVirtualClock())
	})
}

// TestHandlerPanicClosesItsStream: a handler that panics has its failure
// logged and its stream closed gracefully: what it wrote arrives, then the
// end of the stream.
func TestHandlerPanicClosesItsStream(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		var logged bytes.Buffer
		withServer(t, func(yield Y, s *loop.Stream) {
			s.Write([]byte("last words\n"))
			panic("handler bug")
		}, func(yield Y, addr string) error {
			c, err := loop.OpenConnection(yield, "tcp", addr)
			if err != nil {
				return err
			}
			defer c.Close()
			if got, err := c.ReadAll(yield); string(got) != "last words\n" || err != nil {
				t.Errorf("client read %q, %v; want the bytes written, then the end", got, err)
			}
			return nil
		}, loop.WithLogger(logTo(&logged)))
		if !strings.Contains(logged.String(), "handler bug") {
			t.Errorf("the panic was not logged: %q", logged.String())
		}
	})
}
