package loop

import (
	"context"
	"net"
	"sync"
)

// connListener accepts with a goroutine, on Go's network poller: the
// portable path of StartServer.
type connListener struct {
	ln       net.Listener
	accepter sync.WaitGroup
}

// listenConn listens with package net and starts the goroutine that accepts
// for srv.
func listenConn(srv *Server, network, address string, shared bool) (*connListener, error) {
	var lc net.ListenConfig
	if shared {
		lc.Control = reusePort
	}
	ln, err := lc.Listen(context.Background(), network, address)
	if err != nil {
		return nil, err
	}
	c := &connListener{ln: ln}
	l := srv.loop
	release := l.Hold()
	c.accepter.Go(func() {
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
					srv.serve(newStream(l, srv, func(s *Stream) transport { return newConnTransport(s, conn) }))
				}
			}) != nil {
				if remove() {
					conn.Close()
				}
				return
			}
		}
	})
	return c, nil
}

func (c *connListener) addr() net.Addr { return c.ln.Addr() }

// close closes the listener and waits for the accepting goroutine to end.
func (c *connListener) close() error {
	err := c.ln.Close()
	c.accepter.Wait()
	return err
}
