package loop

import (
	"net"
	"sync"

	"github.com/corio-go/corio/coro"
)

// Server accepts connections and runs a handler task for each: asyncio's
// Server from start_server. Its methods are called on the loop's goroutine.
type Server struct {
	loop     *Loop
	ln       net.Listener
	handle   func(yield func(coro.Awaitable) bool, s *Stream)
	conns    map[*Stream]*coro.Task[struct{}]
	closed   bool
	stopped  coro.Event // set by Close
	accepter sync.WaitGroup
}

// StartServer listens on address and, for each connection it accepts, starts
// a task that runs handle with the connection's Stream: asyncio's
// start_server. The stream is closed when handle returns. The server runs
// until Close.
func StartServer(yield func(coro.Awaitable) bool, network, address string,
	handle func(yield func(coro.Awaitable) bool, s *Stream)) (*Server, error) {
	if handle == nil {
		return nil, ErrNilCallback
	}
	l := Current(yield)
	ln, err := net.Listen(network, address)
	if err != nil {
		return nil, err
	}
	srv := &Server{loop: l, ln: ln, handle: handle, conns: map[*Stream]*coro.Task[struct{}]{}}
	l.track(srv)
	release := l.Hold()
	srv.accepter.Add(1)
	go func() {
		defer srv.accepter.Done()
		defer release()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // the listener is closed
			}
			// If the loop closes before it serves conn, Close closes it.
			remove, ok := l.onClose(func() { conn.Close() })
			if !ok {
				conn.Close()
				return
			}
			if l.CallSoonThreadsafe(func() {
				if remove() {
					srv.serve(conn)
				}
			}) != nil {
				if remove() {
					conn.Close()
				}
				return
			}
		}
	}()
	return srv, nil
}

// serve runs on the loop: a task for the new connection.
func (srv *Server) serve(conn net.Conn) {
	if srv.closed {
		conn.Close()
		return
	}
	s := newStream(srv.loop, conn)
	t := coro.Start(srv.loop, coro.Coroutine(func(yield func(coro.Awaitable) bool) {
		defer s.Close()
		srv.handle(yield, s)
	}))
	srv.conns[s] = t
	t.AddDoneCallback(func() { delete(srv.conns, s) })
}

// Addr returns the address the server listens on.
func (srv *Server) Addr() net.Addr { return srv.ln.Addr() }

// Len returns the number of connections being served.
func (srv *Server) Len() int { return len(srv.conns) }

// Close stops accepting, closes every connection, cancels their handler
// tasks, and waits for the server's goroutines to end. Closing again does
// nothing.
func (srv *Server) Close() error {
	if srv.closed {
		return nil
	}
	srv.closed = true
	srv.loop.untrack(srv)
	err := srv.ln.Close()
	srv.accepter.Wait()
	for s, t := range srv.conns {
		t.Cancel(ErrStreamClosed)
		s.Close()
	}
	srv.stopped.Set()
	return err
}

// Serve waits until the server is closed: asyncio's serve_forever.
func (srv *Server) Serve(yield func(coro.Awaitable) bool) error {
	return srv.stopped.Wait(yield)
}
