package loop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

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

// Stream is a TCP connection (or any net.Conn) seen from the loop: asyncio's
// StreamReader and StreamWriter in one. Its reads, Drain and WaitClosed
// suspend the calling task, never the loop; its methods are called on the
// loop's goroutine.
//
// Close is graceful, as asyncio's: what was written is sent, then the
// connection closes; Abort drops it and resets the connection. A stream
// closing holds the loop until it has sent everything: loop.Run's shutdown
// waits for it (up to its limit), and Loop.Close aborts what is left.
//
// Each stream costs two goroutines, one that reads from the connection and
// one that writes to it, and its buffers (4 KiB to read into, and what is
// waiting): the runtime's network poller does the waiting, and the loop's
// steps stay on one goroutine. With the task that serves it, a connection of
// an echo server holds about 16 KiB, against about 7 KiB for a goroutine per
// connection in plain Go (bench: BenchmarkMemory/connection); a round trip
// takes 1.3 to 1.6 times as long (BenchmarkEcho, on a noisy 2-core machine),
// for the two hand-offs between the connection's goroutines and the loop. It
// reads ahead at most 64 KiB: then the reading goroutine waits until the
// tasks have read some, so a fast peer cannot fill memory. Likewise Drain
// makes a writer that outpaces its peer wait once 64 KiB are queued.
type Stream struct {
	loop *Loop
	conn net.Conn

	// Read side, owned by the loop.
	buf      []byte
	rerr     error // io.EOF or the connection's error, once the reader saw it
	paused   bool  // the reading goroutine waits for resume
	resume   chan struct{}
	readable coro.WaitQueue
	reading  bool // a task waits for data: a second reader is an error

	// Write side, owned by the loop.
	pending  []byte // written, not yet handed to the writing goroutine
	inFlight int    // handed over, not yet written
	writing  bool
	eof      bool // WriteEOF: half-close once everything is written
	eofSent  bool
	werr     error
	toWriter chan batch
	drained  coro.WaitQueue

	closing  bool       // Close or Abort was called: no more writes or reads
	flushing bool       // closing, still sending: counted in the loop's flushing
	dropped  int        // bytes written but never sent: Abort dropped them
	closed   coro.Event // set once the connection is closed
	cerr     error      // the error of closing the connection
	quit     chan struct{}
	done     sync.WaitGroup
	release  func() // the stream's hold on the loop
	onFinish func() // its server's: the connection is closed
}

// batch is what the writing goroutine is handed: bytes to write, or the
// half-close of WriteEOF.
type batch struct {
	data []byte
	eof  bool
}

// NewStream makes a Stream of conn on the loop of the calling task; the
// stream owns conn from then on.
func NewStream(yield coro.Yield, conn net.Conn) *Stream {
	return newStream(Current(yield), conn)
}

func newStream(l *Loop, conn net.Conn) *Stream {
	s := &Stream{
		loop:     l,
		conn:     conn,
		resume:   make(chan struct{}, 1),
		toWriter: make(chan batch, 1), // at most one batch is out: sending never blocks
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
	if s.closing {
		return // the reading goroutine stops at the deadline Close set, or at quit
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

// consume moves the first bytes of the buffer into p, as many as fit, and
// restarts the reading goroutine if it waits and the buffer has room again.
func (s *Stream) consume(p []byte) int {
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	if len(s.buf) == 0 {
		s.buf = nil
	}
	if s.paused && len(s.buf) < readLimit/2 {
		s.paused = false
		s.resume <- struct{}{}
	}
	return n
}

// consumed takes n bytes, n <= len(s.buf), off the buffer, in a new slice.
func (s *Stream) consumed(n int) []byte {
	out := make([]byte, n)
	s.consume(out)
	return out
}

// waitData waits until the buffer holds more than have bytes, or the
// connection has ended. One task at a time may wait: a second one gets
// ErrConcurrentRead, as asyncio raises RuntimeError.
func (s *Stream) waitData(yield coro.Yield, have int) error {
	if s.closing {
		return ErrStreamClosed
	}
	if len(s.buf) > have || s.rerr != nil {
		return nil
	}
	if s.reading {
		return ErrConcurrentRead
	}
	s.reading = true
	defer func() { s.reading = false }()
	for len(s.buf) <= have && s.rerr == nil {
		if s.paused { // a read that wants more than the read-ahead limit
			s.paused = false
			s.resume <- struct{}{}
		}
		if err := s.readable.Wait(yield); err != nil {
			return err
		}
		if s.closing {
			return ErrStreamClosed
		}
	}
	return nil
}

// Read reads up to len(p) bytes into p, waiting until at least one is
// there, and returns how many it read: asyncio's read(n), in the shape of
// io.Reader's Read (and of File.Read). It does not wait to fill p: it
// takes what is buffered, up to len(p). At the end of the stream it
// returns 0 and io.EOF (the connection's error, if it failed), once
// everything before has been read; the reads that need more than the stream
// had, ReadExactly and ReadUntil, return an *IncompleteReadError instead,
// with what there was.
//
// A task cancelled while it waits reads nothing: the bytes stay buffered for
// the next read. Only one task may wait to read a stream at a time; another
// gets ErrConcurrentRead. A read after Close or Abort returns
// ErrStreamClosed. An empty p reads nothing and returns the task's
// cancellation, if any.
func (s *Stream) Read(yield coro.Yield, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, coro.Checkpoint(yield)
	}
	if err := s.waitData(yield, 0); err != nil {
		return 0, err
	}
	if len(s.buf) == 0 {
		return 0, s.rerr
	}
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task takes nothing
		return 0, err
	}
	return s.consume(p), nil
}

// ReadAll reads until the end of the stream and returns everything: asyncio's
// read() (read(-1)). It returns nil at a clean end, the connection's error
// otherwise, with what was read before it. The read-ahead limit does not
// apply: a peer that sends without end fills memory.
func (s *Stream) ReadAll(yield coro.Yield) ([]byte, error) {
	all := make([]byte, 0, 512)
	for {
		if len(all) == cap(all) { // room for the next read, as io.ReadAll makes it
			all = append(all, 0)[:len(all)]
		}
		n, err := s.Read(yield, all[len(all):cap(all)])
		all = all[:len(all)+n]
		switch {
		case errors.Is(err, io.EOF):
			return all, coro.Checkpoint(yield)
		case err != nil:
			return all, err
		}
	}
}

// ReadExactly reads exactly n bytes: asyncio's readexactly. If the stream
// ends first it returns the bytes it got and an *IncompleteReadError with
// them (it matches io.ErrUnexpectedEOF), leaving nothing buffered. If the task
// is cancelled while it waits, the bytes stay buffered for the next read:
// nothing is lost.
func (s *Stream) ReadExactly(yield coro.Yield, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("loop: ReadExactly(%d): negative count", n)
	}
	if err := s.waitData(yield, n-1); err != nil {
		return nil, err
	}
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task takes nothing
		return nil, err
	}
	if len(s.buf) < n {
		return s.incomplete(n)
	}
	return s.consumed(n), nil
}

// incomplete takes what is buffered, at the end of the stream, for a read
// that wanted more (expected bytes; 0 if unknown).
func (s *Stream) incomplete(expected int) ([]byte, error) {
	got := s.consumed(len(s.buf))
	if !errors.Is(s.rerr, io.EOF) {
		return got, s.rerr
	}
	return got, &IncompleteReadError{Partial: got, Expected: expected}
}

// ReadUntil reads up to and including the first delim: asyncio's readuntil.
// If the stream ends first it returns what it got and an
// *IncompleteReadError with it (as asyncio's readuntil raises); if no delim
// comes within the read-ahead limit (64 KiB), an error. A cancelled wait
// loses nothing.
func (s *Stream) ReadUntil(yield coro.Yield, delim []byte) ([]byte, error) {
	if len(delim) == 0 {
		return nil, errors.New("loop: ReadUntil with an empty delimiter")
	}
	if s.closing {
		return nil, ErrStreamClosed
	}
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task takes nothing
		return nil, err
	}
	searched := 0
	for {
		if i := bytes.Index(s.buf[searched:], delim); i >= 0 {
			return s.consumed(searched + i + len(delim)), nil
		}
		searched = max(0, len(s.buf)-len(delim)+1)
		if s.rerr != nil {
			return s.incomplete(0)
		}
		if len(s.buf) >= readLimit {
			return nil, fmt.Errorf("loop: ReadUntil found no %q within %d bytes", delim, readLimit)
		}
		if err := s.waitData(yield, len(s.buf)); err != nil {
			return nil, err
		}
	}
}

// ReadLine reads one line, up to and including its "\n": asyncio's
// readline. At the end of the stream it returns the last, unterminated line
// with io.EOF, or no bytes and io.EOF, as bufio's ReadBytes does: a line
// that does not end in "\n" always comes with an error.
func (s *Stream) ReadLine(yield coro.Yield) ([]byte, error) {
	line, err := s.ReadUntil(yield, []byte("\n"))
	var incomplete *IncompleteReadError
	if errors.As(err, &incomplete) {
		return line, io.EOF
	}
	return line, err
}

// Write queues p to be sent and returns at once: asyncio's write. Call Drain
// to wait while too much is queued. It returns the connection's write error,
// if an earlier write failed, or ErrStreamClosed after Close, Abort or
// WriteEOF.
func (s *Stream) Write(p []byte) error {
	switch {
	case s.closing || s.eof:
		return ErrStreamClosed
	case s.werr != nil:
		return s.werr
	}
	s.pending = append(s.pending, p...)
	s.flush()
	return nil
}

// WriteEOF closes the write half of the connection once everything written
// so far is sent (asyncio's write_eof): the peer reads the end of the stream,
// and this side can still read its answer. Later writes fail with
// ErrStreamClosed. It returns an error if the connection has no write half
// to close (a net.Conn without CloseWrite).
func (s *Stream) WriteEOF() error {
	if _, ok := s.conn.(interface{ CloseWrite() error }); !ok {
		return fmt.Errorf("loop: WriteEOF: a %T cannot close its write half", s.conn)
	}
	if s.closing || s.eof {
		return nil
	}
	s.eof = true
	s.flush()
	return nil
}

// flush hands the pending bytes (or the half-close WriteEOF asked for) to
// the writing goroutine if it is idle.
func (s *Stream) flush() {
	if s.writing || s.werr != nil {
		return
	}
	switch {
	case len(s.pending) > 0:
		s.writing = true
		data := s.pending
		s.pending = nil
		s.inFlight = len(data)
		s.toWriter <- batch{data: data} // the writer took the previous batch before wrote ran
	case s.eof && !s.eofSent:
		s.writing = true
		s.eofSent = true
		s.toWriter <- batch{eof: true}
	}
}

func (s *Stream) writeLoop() {
	defer s.done.Done()
	for {
		select {
		case b := <-s.toWriter:
			var err error
			if b.eof {
				err = s.conn.(interface{ CloseWrite() error }).CloseWrite()
			} else {
				_, err = s.conn.Write(b.data)
			}
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
	if s.closed.IsSet() {
		return
	}
	s.writing = false
	s.inFlight = 0
	if err != nil && s.werr == nil {
		s.werr = err
	}
	s.flush()
	if s.closing && !s.writing {
		s.finish() // everything is sent, or a write failed: nothing more will be
	}
	s.drained.WakeAll()
}

// queued returns the bytes written and not yet sent.
func (s *Stream) queued() int { return len(s.pending) + s.inFlight }

// Drain waits until the data queued by Write is down to what the connection
// takes without delay (below 64 KiB): asyncio's drain. It returns the write
// error, if a write failed, or ErrStreamClosed if Abort dropped what was
// queued.
func (s *Stream) Drain(yield coro.Yield) error {
	return s.waitQueued(yield, highWater)
}

// Flush waits until everything written so far has been sent to the
// connection.
func (s *Stream) Flush(yield coro.Yield) error {
	return s.waitQueued(yield, 1)
}

// waitQueued waits while at least limit bytes are queued and not yet sent,
// then returns the write error, ErrStreamClosed if Abort dropped bytes, or
// the task's cancellation.
func (s *Stream) waitQueued(yield coro.Yield, limit int) error {
	for s.werr == nil && s.dropped == 0 && s.queued() >= limit {
		if err := s.drained.Wait(yield); err != nil {
			return err
		}
	}
	if err := s.sendErr(); err != nil {
		return err
	}
	return coro.Checkpoint(yield)
}

// sendErr returns why what was written was not all sent: the write error, or
// ErrStreamClosed if Abort dropped bytes; nil if nothing went wrong.
func (s *Stream) sendErr() error {
	switch {
	case s.werr != nil:
		return s.werr
	case s.dropped > 0:
		return fmt.Errorf("%w: %d bytes written were never sent", ErrStreamClosed, s.dropped)
	}
	return nil
}

// Close closes the stream gracefully, as asyncio's close: reads and writes
// end at once (tasks waiting to read fail with ErrStreamClosed), what was
// written is still sent, and then the connection is closed. It returns at
// once; WaitClosed waits for the end. Meanwhile the stream holds the loop, and
// loop.Run's shutdown waits for it. Closing again does nothing.
func (s *Stream) Close() error {
	if s.closing {
		return nil
	}
	s.closing = true
	s.conn.SetReadDeadline(time.Now()) // the reading goroutine stops
	s.readable.WakeAll()
	if !s.writing {
		s.finish()
		return nil
	}
	s.flushing = true // finish comes when the last write is done
	s.loop.flushing++
	return nil
}

// Abort closes the connection at once, dropping what was not yet sent, and
// resets it (asyncio's transport.abort): the peer sees a reset rather than
// an end. Tasks waiting on the stream fail with ErrStreamClosed; a Drain or
// Flush that waited for the dropped bytes says so. Aborting a closed stream
// does nothing.
func (s *Stream) Abort() error {
	if s.closed.IsSet() {
		return nil
	}
	s.closing = true
	s.dropped += s.queued()
	s.pending = nil
	if tc, ok := s.conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // close with a reset, not an orderly end
	}
	s.finish()
	return nil
}

// closeWithLoop aborts the stream as its loop closes, and reports the bytes
// that were written and never sent.
func (s *Stream) closeWithLoop() {
	if n := s.queued(); n > 0 {
		s.loop.log().Warn("loop: stream closed with the loop before it sent what was written",
			"remote", s.conn.RemoteAddr().String(), "unsent bytes", n)
	}
	s.Abort()
}

// finish closes the connection and ends the goroutines, on the loop.
func (s *Stream) finish() {
	if s.closed.IsSet() {
		return
	}
	s.loop.untrack(s)
	if s.flushing {
		s.flushing = false
		s.loop.flushing--
	}
	close(s.quit)
	s.cerr = s.conn.Close()
	s.done.Wait()
	s.release()
	s.closed.Set()
	s.readable.WakeAll()
	s.drained.WakeAll()
	if s.onFinish != nil {
		s.onFinish()
	}
}

// WaitClosed waits until the connection is closed, after Close has sent what
// was written (asyncio's wait_closed), and returns the write error if a
// write failed, ErrStreamClosed if Abort dropped bytes, or the error of
// closing the connection.
func (s *Stream) WaitClosed(yield coro.Yield) error {
	if err := s.closed.Wait(yield); err != nil {
		return err
	}
	if err := s.sendErr(); err != nil {
		return err
	}
	return s.cerr
}

// IsClosing reports whether Close or Abort was called (asyncio's
// is_closing).
func (s *Stream) IsClosing() bool { return s.closing }

// LocalAddr and RemoteAddr are the connection's addresses.
func (s *Stream) LocalAddr() net.Addr { return s.conn.LocalAddr() }

// RemoteAddr returns the address of the peer.
func (s *Stream) RemoteAddr() net.Addr { return s.conn.RemoteAddr() }

// OpenConnection connects to address on the network ("tcp", "tcp4", "unix",
// ...) and returns a Stream: asyncio's open_connection. The dial waits on a
// goroutine of its own; cancelling the task aborts it.
func OpenConnection(yield coro.Yield, network, address string) (*Stream, error) {
	l := Current(yield)
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
	return newStream(l, conn), nil
}
