package loop

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/corio-go/corio/coro"
)

// recvLimit is how many bytes of datagrams an endpoint keeps that no task
// has taken yet. Past it the endpoint stops reading, and the kernel drops
// what comes once its own buffer is full, as UDP does.
const recvLimit = 256 << 10

// Datagram is a UDP or Unix datagram socket on the loop: asyncio's datagram
// endpoint (create_datagram_endpoint), in a coroutine's shape: Recv waits
// for the next datagram where asyncio calls datagram_received. Its methods
// are called on the loop's goroutine.
//
// On the loop's poller the socket is the loop's own, read when epoll says a
// datagram waits; on the portable path a goroutine reads it.
type Datagram struct {
	loop     *Loop
	t        datagramTransport
	received []datagram // in the order they came
	size     int        // their bytes
	paused   bool       // received holds recvLimit bytes: no reading until a Recv
	errs     []error    // errors the socket reported (an ICMP refusal to a connected socket), for the next Recv
	readable coro.WaitQueue
	closed   bool
	release  func() // its hold on the loop
}

// datagram is one datagram received and where it came from.
type datagram struct {
	data []byte
	from net.Addr
}

// datagramTransport reads and writes a Datagram's socket.
type datagramTransport interface {
	// resume reads again after the endpoint held recvLimit bytes.
	resume()
	// sendTo sends p to addr (nil: the connected peer).
	sendTo(p []byte, addr net.Addr) error
	// close closes the socket.
	close() error
	// addrs returns the socket's local and remote (connected) addresses.
	addrs() (local, remote net.Addr)
}

// ListenDatagram opens a datagram socket bound to address, on the network
// "udp", "udp4", "udp6" or "unixgram": asyncio's create_datagram_endpoint
// with local_addr. It receives from anyone and sends to any address.
func ListenDatagram(yield coro.Yield, network, address string) (*Datagram, error) {
	return openDatagram(yield, network, address, false)
}

// DialDatagram opens a datagram socket connected to address: asyncio's
// create_datagram_endpoint with remote_addr. It sends there (SendTo with a
// nil address) and receives from there only; an ICMP refusal from the peer
// comes back as an error from Recv.
func DialDatagram(yield coro.Yield, network, address string) (*Datagram, error) {
	return openDatagram(yield, network, address, true)
}

func openDatagram(yield coro.Yield, network, address string, connect bool) (*Datagram, error) {
	l := Current(yield)
	d := &Datagram{loop: l}
	var err error
	if l.usePoller() {
		d.t, err = newFDDatagram(yield, d, network, address, connect)
	} else {
		d.t, err = newConnDatagram(d, network, address, connect)
	}
	if err != nil {
		return nil, err
	}
	d.release = l.Hold()
	l.track(d)
	return d, nil
}

// deliver keeps a datagram the transport read (or an error the socket
// reported) for Recv, and reports whether the transport may read more now.
func (d *Datagram) deliver(data []byte, from net.Addr, err error) bool {
	if d.closed {
		return false
	}
	if err != nil {
		d.errs = append(d.errs, err)
	} else {
		d.received = append(d.received, datagram{data, from})
		d.size += len(data)
		d.paused = d.size >= recvLimit
	}
	d.readable.WakeOne()
	return !d.paused
}

// Recv waits for the next datagram and returns it whole, with its sender's
// address. Datagrams come in the order the socket got them, one to each
// Recv; several tasks may wait, and are served first come, first served. A
// cancelled Recv takes nothing. After Close it returns net.ErrClosed.
func (d *Datagram) Recv(yield coro.Yield) ([]byte, net.Addr, error) {
	for len(d.received) == 0 && len(d.errs) == 0 && !d.closed {
		if err := d.readable.Wait(yield); err != nil {
			return nil, nil, err // a wake-up it got goes to the next waiter
		}
	}
	if err := coro.Checkpoint(yield); err != nil {
		return nil, nil, err
	}
	switch {
	case d.closed:
		return nil, nil, fmt.Errorf("loop: Recv: %w", net.ErrClosed)
	case len(d.errs) > 0:
		err := d.errs[0]
		d.errs = d.errs[1:]
		return nil, nil, err
	}
	g := d.received[0]
	d.received[0] = datagram{}
	d.received = d.received[1:]
	d.size -= len(g.data)
	if len(d.received) == 0 {
		d.received = nil
	}
	if d.paused && d.size < recvLimit/2 {
		d.paused = false
		d.t.resume()
	}
	d.passOn() // the next waiter may have one too
	return g.data, g.from, nil
}

// passOn wakes the next waiting Recv if a datagram (or an error) is left
// for it.
func (d *Datagram) passOn() {
	if len(d.received) > 0 || len(d.errs) > 0 {
		d.readable.WakeOne()
	}
}

// SendTo sends p as one datagram to addr (a *net.UDPAddr or *net.UnixAddr;
// nil on a DialDatagram socket, for its peer) and returns at once, as
// asyncio's sendto does. If the socket's buffer is full, the datagram waits
// for room, in order with the others. It returns the socket's error, and
// net.ErrClosed after Close.
func (d *Datagram) SendTo(p []byte, addr net.Addr) error {
	if d.closed {
		return fmt.Errorf("loop: SendTo: %w", net.ErrClosed)
	}
	return d.t.sendTo(p, addr)
}

// Close closes the socket: tasks waiting in Recv get net.ErrClosed, and
// datagrams not yet sent are dropped. Closing again does nothing.
func (d *Datagram) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	d.loop.untrack(d)
	d.received, d.size = nil, 0
	err := d.t.close()
	d.release()
	d.readable.WakeAll()
	return err
}

func (d *Datagram) closeWithLoop() { d.Close() }

// LocalAddr returns the socket's own address.
func (d *Datagram) LocalAddr() net.Addr {
	local, _ := d.t.addrs()
	return local
}

// RemoteAddr returns the peer of a DialDatagram socket, nil for
// ListenDatagram's.
func (d *Datagram) RemoteAddr() net.Addr {
	_, remote := d.t.addrs()
	return remote
}

// connDatagram serves a Datagram with package net: one goroutine reads and
// another writes, so that neither a datagram socket's read nor its write
// (which waits while the receiver's queue is full, for a Unix socket) holds
// up the loop. The portable path.
type connDatagram struct {
	d        *Datagram
	conn     net.PacketConn
	remote   net.Addr
	resumed  chan struct{}
	outbox   []sending // waiting for the writing goroutine
	writing  bool      // a batch is with the writing goroutine
	toWriter chan []sending
	quit     chan struct{}
	done     sync.WaitGroup
}

// sending is a datagram to write, and where to (nil: the connected peer).
type sending struct {
	data []byte
	to   net.Addr
}

func newConnDatagram(d *Datagram, network, address string, connect bool) (*connDatagram, error) {
	c := &connDatagram{d: d, resumed: make(chan struct{}, 1), toWriter: make(chan []sending, 1), quit: make(chan struct{})}
	if connect {
		conn, err := net.Dial(network, address)
		if err != nil {
			return nil, err
		}
		c.conn, c.remote = conn.(net.PacketConn), conn.RemoteAddr()
	} else {
		var lc net.ListenConfig
		conn, err := lc.ListenPacket(context.Background(), network, address)
		if err != nil {
			return nil, err
		}
		c.conn = conn
	}
	c.done.Go(c.readLoop)
	c.done.Go(c.writeLoop)
	return c, nil
}

// readLoop reads datagrams and hands them to the loop, waiting while the
// endpoint holds enough.
func (c *connDatagram) readLoop() {
	buf := make([]byte, 64<<10)
	more := make(chan bool, 1) // the loop's answer to each datagram: read on, or wait for resumed
	for {
		n, from, err := c.conn.ReadFrom(buf)
		if err != nil {
			select {
			case <-c.quit:
				return // closed
			default:
			}
		}
		data := append([]byte(nil), buf[:n]...)
		if c.d.loop.CallSoonThreadsafe(func() { more <- c.d.deliver(data, from, err) }) != nil {
			return
		}
		select {
		case ok := <-more:
			if ok {
				continue
			}
		case <-c.quit:
			return
		}
		select {
		case <-c.resumed:
		case <-c.quit:
			return
		}
	}
}

func (c *connDatagram) resume() {
	select {
	case c.resumed <- struct{}{}:
	default:
	}
}

func (c *connDatagram) sendTo(p []byte, addr net.Addr) error {
	if addr == nil && c.remote == nil {
		return fmt.Errorf("loop: SendTo with no address on a socket that is not connected")
	}
	c.outbox = append(c.outbox, sending{append([]byte(nil), p...), addr})
	c.flush()
	return nil
}

// flush hands the waiting datagrams to the writing goroutine if it is idle.
func (c *connDatagram) flush() {
	if c.writing || len(c.outbox) == 0 {
		return
	}
	c.writing = true
	c.toWriter <- c.outbox
	c.outbox = nil
}

// writeLoop writes the batches it is handed, logging a datagram the socket
// refuses (asyncio reports it to error_received).
func (c *connDatagram) writeLoop() {
	for {
		select {
		case batch := <-c.toWriter:
			for _, g := range batch {
				var err error
				if g.to == nil {
					_, err = c.conn.(net.Conn).Write(g.data)
				} else {
					_, err = c.conn.WriteTo(g.data, g.to)
				}
				if err != nil {
					select {
					case <-c.quit:
						return
					default:
					}
					c.d.loop.log().Warn("loop: a datagram could not be sent", "local", c.conn.LocalAddr().String(), "err", err)
				}
			}
			if c.d.loop.CallSoonThreadsafe(func() { c.writing = false; c.flush() }) != nil {
				return
			}
		case <-c.quit:
			return
		}
	}
}

func (c *connDatagram) close() error {
	close(c.quit)
	err := c.conn.Close()
	c.done.Wait()
	if a, ok := c.conn.LocalAddr().(*net.UnixAddr); ok && c.remote == nil && isSocketFile(a.Name) {
		os.Remove(a.Name) // as the poller's path does; net leaves a datagram socket's file
	}
	return err
}

func (c *connDatagram) addrs() (local, remote net.Addr) { return c.conn.LocalAddr(), c.remote }

// isSocketFile reports whether a Unix socket's name is a file to remove at
// close: not empty (unnamed) and not in Linux's abstract namespace, which
// has no file ("@name", or a leading NUL), as Go's net tells them.
func isSocketFile(name string) bool {
	return name != "" && name[0] != '@' && name[0] != 0
}
