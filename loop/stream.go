package loop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/corio-go/corio/coro"
)

// Stream limits: how much a stream buffers before it stops reading from its
// connection, and how much written data Drain lets pile up (asyncio's
// defaults: a 64 KiB reader limit, a 64 KiB writer high-water mark).
const (
	readLimit = 64 << 10
	highWater = 64 << 10
	chunkSize = 4 << 10 // what one read takes: small, as every connection keeps one
)

// ErrStreamClosed is the error of a Stream used after Close.
var ErrStreamClosed = errors.New("loop: stream closed")

// Stream is a TCP connection (or any net.Conn) seen from the loop: asyncio's
// StreamReader and StreamWriter in one. Its reads and its Drain suspend the
// calling task, never the loop; its methods are called on the loop's
// goroutine.
//
// Each stream costs two goroutines, one that reads from the connection and
// one that writes to it, and its buffers (4 KiB to read into, and what is
// waiting): the runtime's network poller does the waiting, and the loop's
// steps stay on one goroutine. With the task that serves it, a connection of
// an echo server holds about 16 KiB, against about 7 KiB for a goroutine per
// connection in plain Go (bench: BenchmarkMemory/connection); a round trip
// takes 1.3 to 1.6 times as long (BenchmarkEcho, on a noisy 2-core machine),
// for the two hand-offs between the connection's goroutines and the loop. It reads ahead at
// most 64 KiB: then the reading goroutine waits until the tasks have read
// some, so a fast peer cannot fill memory. Likewise Drain makes a writer that
// outpaces its peer wait once 64 KiB are queued.
type Stream struct {
	loop *Loop
	conn net.Conn

	// Read side, owned by the loop.
	buf      []byte
	rerr     error // io.EOF or the connection's error, once the reader saw it
	paused   bool  // the reading goroutine waits for resume
	resume   chan struct{}
	readable coro.WaitQueue

	// Write side, owned by the loop.
	pending  []byte // written, not yet handed to the writing goroutine
	inFlight int    // handed over, not yet written
	writing  bool
	werr     error
	toWriter chan []byte
	drained  coro.WaitQueue

	closed  bool
	quit    chan struct{} // closed by Close: the goroutines stop
	done    sync.WaitGroup
	release func() // the stream's hold on the loop
}

// NewStream makes a Stream of conn on the loop of the calling task; the
// stream owns conn from then on.
func NewStream(yield func(coro.Awaitable) bool, conn net.Conn) *Stream {
	return newStream(Current(yield), conn)
}

func newStream(l *Loop, conn net.Conn) *Stream {
	s := &Stream{
		loop:     l,
		conn:     conn,
		resume:   make(chan struct{}, 1),
		toWriter: make(chan []byte, 1), // at most one batch is out: sending never blocks
		quit:     make(chan struct{}),
		release:  l.Hold(),
	}
	s.done.Add(2)
	go s.readLoop()
	go s.writeLoop()
	l.track(s)
	return s
}

// readLoop reads from the connection and hands what it read to the loop,
// waiting whenever the loop has buffered enough.
func (s *Stream) readLoop() {
	defer s.done.Done()
	// The buffer is reused: the loop copies what it gets before it lets this
	// goroutine read again (resume).
	chunk := make([]byte, chunkSize)
	for {
		n, err := s.conn.Read(chunk)
		data := chunk[:n]
		if posted := s.loop.CallSoonThreadsafe(func() { s.received(data, err) }); posted != nil {
			return // the loop is closed
		}
		if err != nil {
			return
		}
		select {
		case <-s.resume:
		case <-s.quit:
			return
		}
	}
}

// received runs on the loop: it buffers data and lets the reading goroutine
// go on, unless the buffer is full.
func (s *Stream) received(data []byte, err error) {
	if s.closed {
		return
	}
	s.buf = append(s.buf, data...)
	if err != nil {
		s.rerr = err
	} else if len(s.buf) < readLimit {
		s.resume <- struct{}{}
	} else {
		s.paused = true
	}
	s.readable.WakeAll()
}

// consumed takes n bytes off the buffer and restarts the reading goroutine if
// it waits and the buffer has room again.
func (s *Stream) consumed(n int) []byte {
	out := bytes.Clone(s.buf[:n])
	s.buf = s.buf[n:]
	if len(s.buf) == 0 {
		s.buf = nil
	}
	if s.paused && len(s.buf) < readLimit/2 {
		s.paused = false
		s.resume <- struct{}{}
	}
	return out
}

// waitData waits until the buffer holds more than have bytes, or the
// connection has ended.
func (s *Stream) waitData(yield func(coro.Awaitable) bool, have int) error {
	for len(s.buf) <= have && s.rerr == nil {
		if s.closed {
			return ErrStreamClosed
		}
		if s.paused { // a read that wants more than the read-ahead limit
			s.paused = false
			s.resume <- struct{}{}
		}
		if err := s.readable.Wait(yield); err != nil {
			return err
		}
	}
	return nil
}

// Read reads up to n bytes, waiting until at least one is there: asyncio's
// read(n). At the end of the stream it returns io.EOF (with no bytes).
func (s *Stream) Read(yield func(coro.Awaitable) bool, n int) ([]byte, error) {
	if n <= 0 {
		return nil, coro.Checkpoint(yield)
	}
	if err := s.waitData(yield, 0); err != nil {
		return nil, err
	}
	if len(s.buf) == 0 {
		return nil, s.readErr()
	}
	return s.consumed(min(n, len(s.buf))), coro.Checkpoint(yield)
}

// ReadExactly reads exactly n bytes: asyncio's readexactly. If the stream
// ends first it returns the bytes it got and io.ErrUnexpectedEOF, leaving
// nothing buffered. If the task is cancelled while it waits, the bytes stay
// buffered for the next read: nothing is lost.
func (s *Stream) ReadExactly(yield func(coro.Awaitable) bool, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("loop: ReadExactly(%d): negative count", n)
	}
	if err := s.waitData(yield, n-1); err != nil {
		return nil, err
	}
	if len(s.buf) < n {
		got := s.consumed(len(s.buf))
		if errors.Is(s.rerr, io.EOF) {
			return got, io.ErrUnexpectedEOF
		}
		return got, s.rerr
	}
	return s.consumed(n), coro.Checkpoint(yield)
}

// ReadUntil reads up to and including the first delim: asyncio's readuntil.
// If the stream ends first it returns what it got and io.ErrUnexpectedEOF; if
// no delim comes within the read-ahead limit (64 KiB), an error. A cancelled
// wait loses nothing.
func (s *Stream) ReadUntil(yield func(coro.Awaitable) bool, delim []byte) ([]byte, error) {
	if len(delim) == 0 {
		return nil, errors.New("loop: ReadUntil with an empty delimiter")
	}
	searched := 0
	for {
		if i := bytes.Index(s.buf[searched:], delim); i >= 0 {
			return s.consumed(searched + i + len(delim)), coro.Checkpoint(yield)
		}
		searched = max(0, len(s.buf)-len(delim)+1)
		if s.rerr != nil {
			got := s.consumed(len(s.buf))
			if errors.Is(s.rerr, io.EOF) {
				return got, io.ErrUnexpectedEOF
			}
			return got, s.rerr
		}
		if len(s.buf) >= readLimit {
			return nil, fmt.Errorf("loop: ReadUntil found no %q within %d bytes", delim, readLimit)
		}
		if err := s.waitData(yield, len(s.buf)); err != nil {
			return nil, err
		}
	}
}

func (s *Stream) readErr() error {
	if s.closed {
		return ErrStreamClosed
	}
	return s.rerr
}

// Write queues p to be sent and returns at once: asyncio's write. Call Drain
// to wait while too much is queued. It returns the connection's write error,
// if an earlier write failed, or ErrStreamClosed.
func (s *Stream) Write(p []byte) error {
	switch {
	case s.closed:
		return ErrStreamClosed
	case s.werr != nil:
		return s.werr
	}
	s.pending = append(s.pending, p...)
	s.flush()
	return nil
}

// flush hands the pending bytes to the writing goroutine if it is idle.
func (s *Stream) flush() {
	if s.writing || len(s.pending) == 0 {
		return
	}
	s.writing = true
	data := s.pending
	s.pending = nil
	s.inFlight = len(data)
	s.toWriter <- data // the writer took the previous batch before wrote ran
}

func (s *Stream) writeLoop() {
	defer s.done.Done()
	for {
		select {
		case data := <-s.toWriter:
			_, err := s.conn.Write(data)
			if s.loop.CallSoonThreadsafe(func() { s.wrote(err) }) != nil {
				return
			}
		case <-s.quit:
			return
		}
	}
}

// wrote runs on the loop once the writing goroutine has written a batch.
func (s *Stream) wrote(err error) {
	s.writing = false
	s.inFlight = 0
	if err != nil && s.werr == nil {
		s.werr = err
	}
	if s.werr == nil && !s.closed {
		s.flush()
	}
	s.drained.WakeAll()
}

// Drain waits until the data queued by Write is down to what the connection
// takes without delay (below 64 KiB): asyncio's drain. It returns the write
// error, if a write failed.
func (s *Stream) Drain(yield func(coro.Awaitable) bool) error {
	return s.waitQueued(yield, highWater)
}

// waitQueued waits while at least limit bytes are queued and not yet written,
// then returns the write error, ErrStreamClosed if Close dropped bytes not yet
// written, or the task's cancellation.
func (s *Stream) waitQueued(yield func(coro.Awaitable) bool, limit int) error {
	for s.werr == nil && !s.closed && len(s.pending)+s.inFlight >= limit {
		if err := s.drained.Wait(yield); err != nil {
			return err
		}
	}
	switch {
	case s.werr != nil:
		return s.werr
	case s.closed && len(s.pending)+s.inFlight > 0:
		return ErrStreamClosed
	}
	return coro.Checkpoint(yield)
}

// Flush waits until everything written so far has been written to the
// connection.
func (s *Stream) Flush(yield func(coro.Awaitable) bool) error {
	return s.waitQueued(yield, 1)
}

// Close closes the connection at once, dropping what was not yet written
// (call Flush first to send it), and waits for the stream's goroutines to
// end. Tasks waiting on the stream fail with ErrStreamClosed. Closing again
// does nothing.
func (s *Stream) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.loop.untrack(s)
	close(s.quit)
	err := s.conn.Close()
	s.done.Wait()
	s.release()
	s.readable.WakeAll()
	s.drained.WakeAll()
	return err
}

// LocalAddr and RemoteAddr are the connection's addresses.
func (s *Stream) LocalAddr() net.Addr { return s.conn.LocalAddr() }

// RemoteAddr returns the address of the peer.
func (s *Stream) RemoteAddr() net.Addr { return s.conn.RemoteAddr() }

// OpenConnection connects to address on the network ("tcp", "tcp4", "unix",
// ...) and returns a Stream: asyncio's open_connection. The dial waits on a
// goroutine of its own; cancelling the task aborts it.
func OpenConnection(yield func(coro.Awaitable) bool, network, address string) (*Stream, error) {
	l := Current(yield)
	f := coro.NewFuture[net.Conn](l)
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
	return newStream(l, conn), nil
}
