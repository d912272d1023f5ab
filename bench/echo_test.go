package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// echoConns is the number of client connections of BenchmarkEcho.
const echoConns = 64

// echoLine is what each round trip sends and gets back.
var echoLine = []byte("the quick brown fox jumps over\n")

// BenchmarkEcho measures round trips of a line through an echo server on
// loopback, with echoConns plain Go clients taking turns: one operation is one
// round trip (ns/roundtrip; 1e9 over it is round trips per second).
//
//   - corio: the server is a loop (loop.StartServer) on a goroutine of its
//     own, one task per connection.
//   - goroutines: a goroutine per connection, bufio and net.Conn.
//
// BenchmarkMemory's connection variants measure what each connection costs.
func BenchmarkEcho(b *testing.B) {
	for _, v := range []struct {
		name  string
		start func() (string, func())
	}{{"corio", startCorioEcho}, {"goroutines", startGoroutineEcho}} {
		b.Run(v.name, func(b *testing.B) {
			addr, stop := v.start()
			defer stop()
			conns := dialEcho(b, addr, echoConns)
			defer closeAll(conns)
			var mu sync.Mutex // b.Loop is called by one client at a time
			ended := false    // b.Loop said stop: no one calls it again
			var wg sync.WaitGroup
			for _, c := range conns {
				wg.Go(func() {
					r := bufio.NewReader(c)
					for {
						mu.Lock()
						more := !ended && b.Loop()
						ended = !more
						mu.Unlock()
						if !more {
							return
						}
						if _, err := c.Write(echoLine); err != nil {
							b.Error(err)
							return
						}
						if _, err := r.ReadSlice('\n'); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			reportPer(b, 1, "ns/roundtrip")
		})
	}
}

func dialEcho(tb testing.TB, addr string, n int) []net.Conn {
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			tb.Fatal(err)
		}
		conns[i] = c
	}
	return conns
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// startCorioEcho runs an echo server on a loop of its own goroutine and
// returns its address and the function that stops it.
func startCorioEcho() (string, func()) {
	l := loop.New()
	addrs := make(chan string, 1)
	done := make(chan error, 1)
	var srv *loop.Server
	go func() {
		_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			var err error
			srv, err = loop.StartServer(yield, "tcp", "127.0.0.1:0", func(yield coro.Yield, s *loop.Stream) {
				for {
					line, err := s.ReadUntil(yield, []byte("\n"))
					if err != nil || s.Write(line) != nil || s.Drain(yield) != nil {
						return
					}
				}
			})
			if err != nil {
				return struct{}{}, err
			}
			addrs <- srv.Addr().String()
			return struct{}{}, srv.Serve(yield)
		}))
		l.Close()
		done <- err
	}()
	return <-addrs, func() {
		l.CallSoonThreadsafe(func() { srv.Close() })
		if err := <-done; err != nil {
			panic(err)
		}
	}
}

// startGoroutineEcho runs an echo server with a goroutine per connection.
func startGoroutineEcho() (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]struct{}{}
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = struct{}{}
			mu.Unlock()
			wg.Go(func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadSlice('\n')
					if err != nil {
						return
					}
					if _, err := c.Write(line); err != nil {
						return
					}
				}
			})
		}
	})
	return ln.Addr().String(), func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}
}

// connections is how many connections a connection memory variant holds.
const connections = 2000

// connectionVariant holds connections open to an echo server started by
// start, each having made one round trip, for BenchmarkMemory.
func connectionVariant(start func() (string, func())) memoryVariant {
	return memoryVariant{connections, func() (func(), error) {
		addr, stop := start()
		conns := make([]net.Conn, connections)
		for i := range conns {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				return nil, err
			}
			conns[i] = c
			if _, err := c.Write(echoLine); err != nil {
				return nil, err
			}
			if _, err := io.ReadFull(c, make([]byte, len(echoLine))); err != nil {
				return nil, fmt.Errorf("round trip %d: %w", i, err)
			}
		}
		return func() {
			closeAll(conns)
			stop()
		}, nil
	}}
}

func init() {
	memoryVariants["connection/corio"] = connectionVariant(startCorioEcho)
	memoryVariants["connection/goroutine"] = connectionVariant(startGoroutineEcho)
}
