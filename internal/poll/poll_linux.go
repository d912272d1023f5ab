package poll

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Poller waits on an epoll instance. Descriptors are registered once,
// edge-triggered, for reading and writing: a wait reports a transition (new
// data, new room), and the owner reads or writes until the OS says it would
// block before it waits for the next one. So no descriptor costs a system
// call per wait, only one when it is added and one when it is removed.
type Poller struct {
	waker
	epfd   int
	wakefd int // an eventfd: Wake writes it, Wait reads it back to zero
	events []unix.EpollEvent

	// Wake writes wakefd under the read lock, and not once closed: a Wake
	// that saw the loop armed may write after the loop has closed the
	// poller, when the descriptor may belong to another file already.
	closing sync.RWMutex
	closed  bool
}

// New returns a Poller, or an error if the OS refuses one (too many open
// files).
func New() (*Poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	wakefd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(wakefd), Pad: -1}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wakefd, &ev); err != nil {
		unix.Close(epfd)
		unix.Close(wakefd)
		return nil, err
	}
	return &Poller{epfd: epfd, wakefd: wakefd, events: make([]unix.EpollEvent, 64)}, nil
}

// Add registers t.FD for reading and writing, edge-triggered.
func (p *Poller) Add(t Token) error {
	ev := unix.EpollEvent{
		Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET,
		Fd:     t.FD,
		Pad:    int32(t.Gen),
	}
	return unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, int(t.FD), &ev)
}

// Remove takes fd out of the poller. Closing fd does the same, but only once
// every duplicate of it is closed; Remove does it at once.
func (p *Poller) Remove(fd int) error {
	return unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil)
}

// Wait waits up to timeout (forever if negative; not at all if zero) for a
// registered descriptor to become ready or for Wake, calls ready for each
// descriptor that did, and reports whether anything happened: an event or a
// wake-up. The OS counts timeouts in milliseconds: a timeout is rounded up,
// so a timer is late by less than a millisecond, never early (asyncio's
// selector loop does the same). A wait interrupted by a signal returns
// early, reporting nothing.
func (p *Poller) Wait(timeout time.Duration, ready func(Token, Events)) (bool, error) {
	msec := -1
	if timeout >= 0 {
		msec = int(min((timeout+time.Millisecond-1)/time.Millisecond, 1<<31-1))
	}
	n, err := unix.EpollWait(p.epfd, p.events, msec)
	p.sleeping.Store(false)
	if err != nil {
		if err == unix.EINTR {
			return false, nil
		}
		return false, err
	}
	for i := range p.events[:n] {
		ev := &p.events[i]
		if ev.Fd == int32(p.wakefd) && ev.Pad == -1 {
			p.drainWake()
			continue
		}
		var what Events
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			what |= Readable
		}
		if ev.Events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			what |= Writable
		}
		if ev.Events&(unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			what |= Hangup
		}
		ready(Token{FD: ev.Fd, Gen: uint32(ev.Pad)}, what)
	}
	if n == len(p.events) && n < 1024 { // a busy loop: take more at a time
		p.events = make([]unix.EpollEvent, 2*n)
	}
	return n > 0, nil
}

// drainWake reads the eventfd back to zero, after a Wake.
func (p *Poller) drainWake() {
	var buf [8]byte
	unix.Read(p.wakefd, buf[:])
	p.pending.Store(false)
}

// Wake makes a Wait in progress, or the next one, return, if the loop is
// armed (Arm): from any goroutine. A loop that is not waiting is not woken:
// it will look for work before it sleeps. It costs one write to an eventfd
// per sleep of the loop, however many goroutines call it.
func (p *Poller) Wake() {
	if !p.sleeping.Load() || !p.pending.CompareAndSwap(false, true) {
		return
	}
	p.closing.RLock()
	defer p.closing.RUnlock()
	if !p.closed {
		one := [8]byte{1}
		unix.Write(p.wakefd, one[:])
	}
}

// Close closes the epoll instance and the eventfd.
func (p *Poller) Close() error {
	p.closing.Lock() // waits for the Wakes that are writing
	p.closed = true
	p.closing.Unlock()
	err := unix.Close(p.epfd)
	if err2 := unix.Close(p.wakefd); err == nil {
		err = err2
	}
	return err
}
