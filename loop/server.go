package loop

import (
	"errors"
	"net"

	"github.com/corio-go/corio/coro"
)

// Server accepts connections and runs a handler task for each: asyncio's
// Server from start_server. Its methods are called on the loop's goroutine.
//
// Closing a server and ending its connections are separate, as in asyncio
// 3.13: Close stops listening and lets the handlers go on; CloseClients
// closes their streams gracefully, AbortClients cuts them off. When the loop
// closes, the server is closed and its connections aborted.
type Server struct {
	loop    *Loop
	lis     listener
	handle  func(yield coro.Yield, s *Stream)
	running int                  // handlers that have not returned
	open    map[*Stream]struct{} // connections not closed yet: a handler that returned may leave its stream sending
	closed  bool
	stopped coro.Event // set by Close
	idle    coro.Event // set once closed with no connection left
}

// listener accepts a server's connections and hands each to serve: on the
// loop's poller (fdListener) or with a goroutine (connListener).
type listener interface {
	addr() net.Addr
	// close stops accepting; no serve comes after it returns.
	close() error
}

// StartServer listens on address and, for each connection it accepts, starts
// a task that runs handle with the connection's Stream: asyncio's
// start_server. When handle returns, the stream is closed gracefully: what
// handle wrote is sent first. The server listens until Close. The network is
// "tcp", "tcp4", "tcp6" or "unix" (whose socket file Close removes).
//
// On the loop's poller (WithPoller), the listening socket is the loop's own:
// the loop accepts when epoll says a connection waits, with no goroutine. On
// the portable path, a goroutine accepts.
func StartServer(yield coro.Yield, network, address string,
	handle func(yield coro.Yield, s *Stream)) (*Server, error) {
	return startServer(yield, network, address, handle, false)
}

// startServer is StartServer, with SO_REUSEPORT if shared (a Pool's).
func startServer(yield coro.Yield, network, address string,
	handle func(yield coro.Yield, s *Stream), shared bool) (*Server, error) {
	if handle == nil {
		return nil, ErrNilCallback
	}
	l := Current(yield)
	srv := &Server{loop: l, handle: handle, open: map[*Stream]struct{}{}}
	var err error
	if l.usePoller() {
		srv.lis, err = listenFD(yield, srv, network, address, shared)
	} else {
		srv.lis, err = listenConn(srv, network, address, shared)
	}
	if err != nil {
		return nil, err
	}
	l.track(srv)
	return srv, nil
}

// serve runs on the loop: a task for the new connection's stream, which is
// closed gracefully once the task is done, however it ended. (Not with a
// defer: the handler's frames stay on its coroutine's stack while it waits,
// and a small stack is what keeps an idle connection cheap.)
func (srv *Server) serve(s *Stream) {
	if srv.closed {
		s.Abort()
		return
	}
	srv.open[s] = struct{}{}
	t := coro.Start(srv.loop.core(), coro.Coroutine(func(yield coro.Yield) {
		srv.handle(yield, s)
		s.Close() // in the task's last step: Run's shutdown waits for what it sends
	}))
	srv.running++
	t.AddDoneCallback(func() {
		s.Close() // a handler that panicked
		if _, err := t.Result(); err != nil && !errors.Is(err, coro.ErrCancelled) {
			// Nobody else awaits a handler: its failure is reported here.
			srv.loop.log().Error("loop: connection handler failed", "remote", s.RemoteAddr(), "err", err)
		}
		srv.running--
		srv.checkIdle()
	})
}

// forget forgets a connection once its stream is closed.
func (srv *Server) forget(s *Stream) {
	delete(srv.open, s)
	srv.checkIdle()
}

// checkIdle sets idle once the server is closed, every handler has returned
// and every connection is closed.
func (srv *Server) checkIdle() {
	if srv.closed && srv.running == 0 && len(srv.open) == 0 {
		srv.idle.Set()
	}
}

// Addr returns the address the server listens on.
func (srv *Server) Addr() net.Addr { return srv.lis.addr() }

// Len returns the number of connections being served.
func (srv *Server) Len() int { return srv.running }

// Close stops listening (asyncio's Server.close). The connections being served go on until their
// handlers return; CloseClients or AbortClients ends them. Closing again
// does nothing.
func (srv *Server) Close() error {
	if srv.closed {
		return nil
	}
	srv.closed = true
	srv.loop.untrack(srv) // its streams are cut off with the loop on their own
	err := srv.lis.close()
	srv.stopped.Set()
	srv.checkIdle()
	return err
}

// CloseClients closes the stream of every connection being served,
// gracefully (asyncio 3.13's close_clients): what the handlers wrote is
// sent, their reads fail with ErrStreamClosed, and they go on to return.
func (srv *Server) CloseClients() {
	for s := range srv.open {
		s.Close()
	}
}

// AbortClients cuts off every connection being served, dropping what was not
// yet sent (asyncio 3.13's abort_clients).
func (srv *Server) AbortClients() {
	for s := range srv.open {
		s.Abort()
	}
}

// closeWithLoop closes the server and cuts off its connections, as the loop
// closes.
func (srv *Server) closeWithLoop() {
	srv.Close()
	srv.AbortClients()
}

// Serve waits until the server is closed: asyncio's serve_forever.
func (srv *Server) Serve(yield coro.Yield) error {
	return srv.stopped.Wait(yield)
}

// WaitClosed waits until the server is closed, every connection's handler has
// returned and every connection is closed, after sending what its handler
// wrote (asyncio's Server.wait_closed).
func (srv *Server) WaitClosed(yield coro.Yield) error {
	return srv.idle.Wait(yield)
}
