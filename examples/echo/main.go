// Command echo is an echo server and its clients on one loop: asyncio's
// start_server and open_connection. The server sends every line back; each
// client connects, waits until every client is connected, sends its lines,
// checks what comes back, and leaves. Run it with
//
//	go run ./examples/echo                   # 100 clients
//	go run ./examples/echo -clients 5000 -lines 10
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// serveEcho sends every line it reads back, until the client leaves.
func serveEcho(yield coro.Yield, s *loop.Stream) {
	for {
		line, err := s.ReadUntil(yield, []byte("\n"))
		if err != nil {
			return // io.ErrUnexpectedEOF or io.EOF: the client left
		}
		if s.Write(line) != nil || s.Drain(yield) != nil {
			return
		}
	}
}

// clients connects n clients to addr, at most dialing at once at a time, and
// once all are connected has each send lines lines and check the echoes. It
// returns the number of bytes that came back.
func clients(yield coro.Yield, addr string, n, lines, dialing int) (int, error) {
	dials := coro.NewSemaphore(dialing) // the listen backlog is finite
	var connected coro.Event
	count, echoed := 0, 0
	err := coro.WithGroup(yield, func(yield coro.Yield, g *coro.Group) error {
		for i := range n {
			g.Go(func(yield coro.Yield) error {
				if err := dials.Acquire(yield); err != nil {
					return err
				}
				s, err := loop.OpenConnection(yield, "tcp", addr)
				dials.Release()
				if err != nil {
					return err
				}
				defer s.Close()
				if count++; count == n {
					connected.Set() // all n connections are open at once
				}
				if err := connected.Wait(yield); err != nil {
					return err
				}
				for j := range lines {
					want := fmt.Appendf(nil, "client %d line %d\n", i, j)
					if err := s.Write(want); err != nil {
						return err
					}
					got, err := s.ReadUntil(yield, []byte("\n"))
					if err != nil {
						return err
					}
					if !bytes.Equal(got, want) {
						return fmt.Errorf("client %d: sent %q, got %q back", i, want, got)
					}
					echoed += len(got)
				}
				return nil
			})
		}
		return nil
	})
	return echoed, err
}

func run(w io.Writer, n, lines int, opts ...loop.Option) error {
	return loop.Main(func(yield coro.Yield) error {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", serveEcho)
		if err != nil {
			return err
		}
		defer srv.Close()
		echoed, err := clients(yield, srv.Addr().String(), n, lines, 256)
		fmt.Fprintf(w, "%d clients, %d lines each: %d bytes echoed\n", n, lines, echoed)
		return err
	}, opts...)
}

func main() {
	n := flag.Int("clients", 100, "clients connected at once")
	lines := flag.Int("lines", 3, "lines each client sends")
	flag.Parse()
	if err := run(os.Stdout, *n, *lines); err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
