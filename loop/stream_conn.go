package loop

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/corio-go/corio/coro"
)

// connTransport serves a stream's net.Conn with two goroutines, one that
// reads from it and one that writes to it, on Go's network poller: the
// portable path. With the task that serves it, a connection of an echo
// server holds about 13.6 KiB this way, against 3.5 KiB on the poller and
// 6.9 KiB for a goroutine per connection in plain Go, and each round trip
// pays two hand-offs between the goroutines and the loop: 1.4 times the
// poller's on one connection (bench: BenchmarkEcho, BenchmarkMemory).
type connTransport struct {
	s        *Stream
	conn     net.Conn
	resumed  chan struct{} // the reading goroutine may read again
	toWriter chan batch
	writing  bool // a batch is with the writing goroutine
	handed   int  // the bytes of that batch
	quit     chan struct{}
	done     sync.WaitGroup
}

// batch is what the writing goroutine is handed: bytes to write, or the
// half-close of WriteEOF.
type batch struct {
	data []byte
	eof  bool
}

// newConnTransport starts the goroutines that serve conn for s.
func newConnTransport(s *Stream, conn net.Conn) *connTransport {
	t := &connTransport{
		s:        s,
		conn:     conn,
		resumed:  make(chan struct{}, 1),
		toWriter: make(chan batch, 1), // at most one batch is out: sending never blocks
		quit:     make(chan struct{}),
	}
	t.done.Add(2)
	go t.readLoop()
	go t.writeLoop()
	return t
}

// readLoop reads from the connection and hands what it read to the loop,
// waiting whenever the loop has buffered enough.
func (t *connTransport) readLoop() {
	defer t.done.Done()
	// The buffer is reused: the loop copies what it gets before it lets this
	// goroutine read again.
	chunk := make([]byte, chunkSize)
	for {
		n, err := t.conn.Read(chunk)
		data := chunk[:n]
		if posted := t.s.loop.CallSoonThreadsafe(func() { t.received(data, err) }); posted != nil {
			return // the loop is closed
		}
		if err != nil {
			return
		}
		select {
		case <-t.resumed:
		case <-t.quit:
			return
		}
	}
}

// received runs on the loop: it buffers data and lets the reading goroutine
// go on, unless the buffer is full.
func (t *connTransport) received(data []byte, err error) {
	if t.s.closing {
		return // the reading goroutine stops at the deadline Close set, or at quit
	}
	if t.s.received(data, err) {
		t.resumed <- struct{}{}
	}
}

func (t *connTransport) resume() { t.resumed <- struct{}{} }

func (t *connTransport) send(p []byte) {
	t.s.pending = append(t.s.pending, p...)
	t.flush()
}

// flush hands the pending bytes (or the half-close WriteEOF asked for) to
// the writing goroutine if it is idle.
func (t *connTransport) flush() {
	s := t.s
	if t.writing || s.werr != nil {
		return
	}
	switch {
	case len(s.pending) > 0:
		t.writing = true
		data := s.pending
		s.pending = nil
		t.handed = len(data)
		t.toWriter <- batch{data: data} // the writer took the previous batch before wrote ran
	case s.eof && !s.eofSent:
		t.writing = true
		s.eofSent = true
		t.toWriter <- batch{eof: true}
	}
}

func (t *connTransport) writeLoop() {
	defer t.done.Done()
	for {
		select {
		case b := <-t.toWriter:
			var err error
			if b.eof {
				err = t.conn.(interface{ CloseWrite() error }).CloseWrite()
			} else {
				_, err = t.conn.Write(b.data)
			}
			if t.s.loop.CallSoonThreadsafe(func() { t.wrote(err) }) != nil {
				return
			}
		case <-t.quit:
			return
		}
	}
}

// wrote runs on the loop once the writing goroutine has written a batch.
func (t *connTransport) wrote(err error) {
	s := t.s
	if s.closed {
		return
	}
	t.writing = false
	t.handed = 0
	if err != nil && s.werr == nil {
		s.werr = err
	}
	t.flush()
	s.sent()
}

func (t *connTransport) inFlight() int { return t.handed }

func (t *connTransport) busy() bool { return t.writing }

func (t *connTransport) canHalfClose() bool {
	_, ok := t.conn.(interface{ CloseWrite() error })
	return ok
}

func (t *connTransport) stopReading() {
	t.conn.SetReadDeadline(time.Now()) // the reading goroutine stops
}

func (t *connTransport) reset() {
	if tc, ok := t.conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // close with a reset, not an orderly end
	}
}

// close closes the connection and waits for the goroutines to end.
func (t *connTransport) close() error {
	close(t.quit)
	err := t.conn.Close()
	t.done.Wait()
	return err
}

func (t *connTransport) addrs() (local, remote net.Addr) {
	return t.conn.LocalAddr(), t.conn.RemoteAddr()
}

// dialConn dials on a goroutine, for the portable path.
func dialConn(yield coro.Yield, l *Loop, network, address string) (*Stream, error) {
	f := coro.NewFuture[net.Conn](yield)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := l.Hold()
	go func() {
		defer release() // after the result is posted: the loop waits for it
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, address)
		if err != nil {
			l.CallSoonThreadsafe(func() { f.SetError(err) })
			return
		}
		// If the loop closes before it takes conn, Close closes it.
		remove, ok := l.onClose(func() { conn.Close() })
		if !ok {
			conn.Close()
			return
		}
		posted := l.CallSoonThreadsafe(func() {
			if remove() && !f.SetResult(conn) {
				conn.Close() // the task stopped waiting
			}
		})
		if posted != nil && remove() {
			conn.Close()
		}
	}()
	conn, err := f.Await(yield)
	if err != nil {
		return nil, err
	}
	return newStream(l, nil, func(s *Stream) transport { return newConnTransport(s, conn) }), nil
}
