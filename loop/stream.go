package loop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"

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

// Stream is a TCP or Unix connection (or any net.Conn) seen from the loop:
// asyncio's StreamReader and StreamWriter in one. Its reads, Drain and
// WaitClosed suspend the calling task, never the loop; its methods are called
// on the loop's goroutine.
//
// Close is graceful, as asyncio's: what was written is sent, then the
// connection closes; Abort drops it and resets the connection. A stream
// closing holds the loop until it has sent everything: loop.Run's shutdown
// waits for it (up to its limit), and Loop.Close aborts what is left.
//
// A stream reads ahead at most 64 KiB: then it stops reading until the
// tasks have read some, so a fast peer cannot fill memory. Likewise Drain
// makes a writer that outpaces its peer wait once 64 KiB are queued. Write
// sends at once what the connection takes, as asyncio's transports do, and
// queues the rest.
//
// How it waits for the connection depends on the loop (see WithPoller). On
// the loop's poller (Linux, the default), the stream is a non-blocking socket
// that the loop reads when epoll says it is readable: no goroutine serves
// it, and an idle stream holds no buffer. On the portable path, and for a
// net.Conn handed to NewStream, two goroutines serve it, one that reads from
// the connection and one that writes to it, on Go's network poller.
type Stream struct {
	loop *Loop
	t    transport

	// Read side.
	buf     []byte
	rerr    error // io.EOF or the connection's error, once the reader saw it
	paused  bool  // the buffer is full: the transport reads no more until resume
	reading bool  // a task waits for data: a second reader is an error

	// Write side.
	pending []byte // written, not yet handed to the connection
	eof     bool   // WriteEOF: half-close once everything is written
	eofSent bool
	werr    error

	closing  bool  // Close or Abort was called: no more writes or reads
	flushing bool  // closing, still sending: counted in the loop's flushing
	dropped  int   // bytes written but never sent: Abort dropped them
	closed   bool  // the connection is closed
	cerr     error // the error of closing the connection
	// waiters are the tasks that wait for data, for Drain or Flush, or for
	// the close: one queue for all, as a stream rarely has more than one
	// task waiting, and each of them looks again at what it waits for when
	// woken.
	waiters coro.WaitQueue
	server  *Server // the server whose connection it is, or nil
}

// transport moves a stream's bytes between its buffers and the connection:
// connTransport over a net.Conn with two goroutines, fdTransport over a
// non-blocking socket on the loop's poller. Its methods run on the loop.
type transport interface {
	// resume reads again after the buffer was full (paused).
	resume()
	// send sends p, or queues it in pending behind what waits there.
	send(p []byte)
	// flush sends what pending holds, then the half-close if eof asks.
	flush()
	// inFlight returns the bytes handed over and not yet written.
	inFlight() int
	// busy reports whether a write is under way, which Close waits for.
	busy() bool
	// canHalfClose reports whether the connection has a write half to close.
	canHalfClose() bool
	// stopReading stops reading, as the stream closes.
	stopReading()
	// reset makes closing reset the connection instead of ending it.
	reset()
	// close closes the connection and returns the error of closing it.
	close() error
	// addrs returns the connection's local and remote addresses.
	addrs() (local, remote net.Addr)
}

// NewStream makes a Stream of conn on the loop of the calling task; the
// stream owns conn from then on. It takes the portable path (two goroutines
// on Go's network poller), whatever the loop's poller: conn is Go's.
func NewStream(yield coro.Yield, conn net.Conn) *Stream {
	return newStream(Current(yield), nil, func(s *Stream) transport { return newConnTransport(s, conn) })
}

// newStream makes a stream on l, of srv's if not nil, over the transport
// that attach makes for it. The stream holds the loop until it is closed, as
// Hold does, and is cut off with the loop: by its server, or on its own.
func newStream(l *Loop, srv *Server, attach func(*Stream) transport) *Stream {
	s := &Stream{loop: l, server: srv}
	l.holds.Add(1)
	s.t = attach(s)
	if srv == nil {
		l.track(s)
	}
	return s
}

// received buffers what the transport read (err: the end of the stream, or
// its failure), wakes the reader, and reports whether the transport may read
// more now: false once the buffer is full (paused) or the stream ended.
func (s *Stream) received(data []byte, err error) bool {
	s.buf = append(s.buf, data...)
	if err != nil {
		s.rerr = err
	} else if len(s.buf) >= readLimit {
		s.paused = true
	}
	s.waiters.WakeAll()
	return err == nil && !s.paused
}

// consume moves the first bytes of the buffer into p, as many as fit, and
// restarts the reading goroutine if it waits and the buffer has room again.
func (s *Stream) consume(p []byte) int {
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	if len(s.buf) == 0 {
		s.buf = nil
	}
	s.readMore()
	return n
}

// readMore lets the transport read again once the tasks have taken enough
// of a full buffer.
func (s *Stream) readMore() {
	if s.paused && len(s.buf) < readLimit/2 {
		s.paused = false
		s.t.resume()
	}
}

// consumed takes n bytes, n <= len(s.buf), off the buffer, in a slice of
// the caller's own: the buffer itself, when it takes all of it.
func (s *Stream) consumed(n int) []byte {
	if n < len(s.buf) {
		out := make([]byte, n)
		s.consume(out)
		return out
	}
	out := s.buf[:n:n]
	s.buf = nil
	s.readMore()
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
			s.t.resume()
			continue // a transport may read at once
		}
		if err := s.waiters.Wait(yield); err != nil {
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

// ReadUpTo waits until at least one byte is there and returns up to n of
// them, in a new slice: asyncio's read(n). At the end of the stream it
// returns no bytes and io.EOF (the connection's error, if it failed), once
// everything before has been read. Where Read fills the caller's buffer,
// ReadUpTo hands over the stream's own, without a copy when it takes all
// that is buffered: a task that waits in it holds no buffer, so an idle
// connection costs only its task and its socket. A cancelled task reads
// nothing, and a negative n is an error.
func (s *Stream) ReadUpTo(yield coro.Yield, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("loop: ReadUpTo(%d): negative count", n)
	}
	if n == 0 {
		return nil, coro.Checkpoint(yield)
	}
	if err := s.waitData(yield, 0); err != nil {
		return nil, err
	}
	if len(s.buf) == 0 {
		return nil, s.rerr
	}
	if err := coro.Checkpoint(yield); err != nil { // a cancelled task takes nothing
		return nil, err
	}
	return s.consumed(min(n, len(s.buf))), nil
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
	s.t.send(p)
	return nil
}

// WriteEOF closes the write half of the connection once everything written
// so far is sent (asyncio's write_eof): the peer reads the end of the stream,
// and this side can still read its answer. Later writes fail with
// ErrStreamClosed. It returns an error if the connection has no write half
// to close (a net.Conn without CloseWrite).
func (s *Stream) WriteEOF() error {
	if !s.t.canHalfClose() {
		local, _ := s.t.addrs()
		return fmt.Errorf("loop: WriteEOF: the connection on %v cannot close its write half", local)
	}
	if s.closing || s.eof {
		return nil
	}
	s.eof = true
	s.t.flush()
	return nil
}

// sent runs once the transport has written some or all of pending, or
// failed to: a stream closing finishes once nothing more will be sent, and
// Drain and Flush look again.
func (s *Stream) sent() {
	if s.closing && !s.t.busy() {
		s.finish() // everything is sent, or a write failed: nothing more will be
	}
	s.waiters.WakeAll()
}

// queued returns the bytes written and not yet sent.
func (s *Stream) queued() int { return len(s.pending) + s.t.inFlight() }

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
		if err := s.waiters.Wait(yield); err != nil {
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
	s.t.stopReading()
	s.waiters.WakeAll()
	if !s.t.busy() {
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
	if s.closed {
		return nil
	}
	s.closing = true
	s.dropped += s.queued()
	s.pending = nil
	s.t.reset()
	s.finish()
	return nil
}

// closeWithLoop aborts the stream as its loop closes, and reports the bytes
// that were written and never sent.
func (s *Stream) closeWithLoop() {
	if n := s.queued(); n > 0 {
		s.loop.log().Warn("loop: stream closed with the loop before it sent what was written",
			"remote", s.RemoteAddr(), "unsent bytes", n)
	}
	s.Abort()
}

// finish closes the connection, on the loop.
func (s *Stream) finish() {
	if s.closed {
		return
	}
	if s.server == nil {
		s.loop.untrack(s)
	}
	if s.flushing {
		s.flushing = false
		s.loop.flushing--
	}
	s.cerr = s.t.close()
	s.loop.holds.Add(-1) // on the loop's goroutine: no wake-up needed
	s.closed = true
	s.waiters.WakeAll()
	if s.server != nil {
		s.server.forget(s)
	}
}

// WaitClosed waits until the connection is closed, after Close has sent what
// was written (asyncio's wait_closed), and returns the write error if a
// write failed, ErrStreamClosed if Abort dropped bytes, or the error of
// closing the connection.
func (s *Stream) WaitClosed(yield coro.Yield) error {
	for !s.closed {
		if err := s.waiters.Wait(yield); err != nil {
			return err
		}
	}
	if err := s.sendErr(); err != nil {
		return err
	}
	return s.cerr
}

// IsClosing reports whether Close or Abort was called (asyncio's
// is_closing).
func (s *Stream) IsClosing() bool { return s.closing }

// LocalAddr returns the connection's own address.
func (s *Stream) LocalAddr() net.Addr {
	local, _ := s.t.addrs()
	return local
}

// RemoteAddr returns the address of the peer.
func (s *Stream) RemoteAddr() net.Addr {
	_, remote := s.t.addrs()
	return remote
}

// OpenConnection connects to address on the network ("tcp", "tcp4",
// "tcp6", "unix") and returns a Stream: asyncio's open_connection. On the
// loop's poller the connect is a non-blocking socket's; on the portable path
// the dial waits on a goroutine of its own. Either way cancelling the task
// aborts it. A host name is resolved on the loop's worker goroutines
// (ToThread), as asyncio resolves with getaddrinfo in its executor.
func OpenConnection(yield coro.Yield, network, address string) (*Stream, error) {
	l := Current(yield)
	if l.usePoller() {
		return openSocket(yield, l, network, address)
	}
	return dialConn(yield, l, network, address)
}
