package loop

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/internal/poll"
	"golang.org/x/sys/unix"
)

// The reactor: on Linux a loop waits in epoll (package internal/poll) when it
// is idle, so the sockets of its streams and servers are its own, not Go's
// network poller's, and no goroutine serves them. A loop makes its poller at
// its first socket; until then, and with WithPoller(false) or on other
// systems, it waits on a channel, and its streams serve their net.Conn with
// two goroutines each.

// WithPoller says whether the loop waits on the OS poller (epoll, on Linux)
// and serves its sockets itself: StartServer, OpenConnection and Pool's
// StartServer then make non-blocking sockets that no goroutine serves. The
// default is true where the OS has a poller this package drives (Linux);
// false, or another OS, serves each connection with two goroutines on Go's
// own network poller (the portable path). NewStream of a net.Conn always
// takes the portable path: the connection belongs to Go's poller already.
func WithPoller(on bool) Option {
	return func(l *Loop) { l.noPoller = !on }
}

// pollerOff makes WithPoller(false) the default: for the tests, which run
// the stream tests on both paths.
var pollerOff atomic.Bool

// pollTarget is a socket registered with the loop's poller: a stream or a
// listener. pollReady runs while the loop collects events, with no task
// running: it notes what the socket is ready for and queues its work.
type pollTarget interface {
	pollReady(poll.Events)
}

// readiness is what a socket's pollReady gathers until its callback runs:
// the events seen, and whether the callback is queued already, so that a
// socket takes one turn's callback however many events it gets.
type readiness struct {
	events poll.Events
	queued bool
}

// note adds ev, and queues cb on l's ready queue unless it is queued.
func (r *readiness) note(ev poll.Events, l *Loop, cb coro.Callback) {
	r.events |= ev
	if !r.queued {
		r.queued = true
		l.ready.Push(cb)
	}
}

// take returns the events gathered, as the callback runs, and starts anew.
func (r *readiness) take() poll.Events {
	ev := r.events
	r.events, r.queued = 0, false
	return ev
}

// pollSlot is the target registered under a descriptor, and the generation
// it was registered with.
type pollSlot struct {
	gen    uint32
	target pollTarget
}

// usePoller reports whether the loop's sockets go on its poller, making the
// poller at the first call.
func (l *Loop) usePoller() bool {
	if l.noPoller {
		return false
	}
	if l.poller.Load() != nil {
		return true
	}
	p, err := poll.New()
	if err != nil {
		if err != poll.ErrUnsupported {
			l.log().Warn("loop: no OS poller; streams take the portable path", "err", err)
		}
		l.noPoller = true
		return false
	}
	// Wake-ups go to the poller from here on. One that read the pointer
	// before this store went to the channel, after posting its work: the
	// loop arms the poller after this store, and looks for posted work after
	// it arms (see block), so it sees that work.
	l.poller.Store(p)
	return true
}

// register puts fd on the loop's poller, for target.
func (l *Loop) register(fd int, target pollTarget) error {
	l.pollGen++
	tok := poll.Token{FD: int32(fd), Gen: l.pollGen}
	if fd >= len(l.pollSlots) {
		l.pollSlots = append(l.pollSlots, make([]pollSlot, fd+1-len(l.pollSlots))...)
	}
	l.pollSlots[fd] = pollSlot{gen: tok.Gen, target: target}
	if err := l.poller.Load().Add(tok); err != nil {
		l.pollSlots[fd] = pollSlot{}
		return err
	}
	l.polled++
	return nil
}

// unregister takes fd off the poller, before it is closed.
func (l *Loop) unregister(fd int) {
	if p := l.poller.Load(); p != nil {
		p.Remove(fd)
	}
	l.pollSlots[fd] = pollSlot{}
	l.polled--
}

// closeSocket takes the socket *fd off the poller, closes it and marks it
// closed (-1), so that a callback still queued for it finds it gone. It
// does nothing to a socket closed already.
func (l *Loop) closeSocket(fd *int) error {
	if *fd < 0 {
		return nil
	}
	l.unregister(*fd)
	err := unix.Close(*fd)
	*fd = -1
	if err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}

// dispatch hands an event to the target registered under its token, unless
// that descriptor was closed (and perhaps reused) since.
func (l *Loop) dispatch(tok poll.Token, ev poll.Events) {
	if int(tok.FD) >= len(l.pollSlots) {
		return
	}
	if slot := l.pollSlots[tok.FD]; slot.gen == tok.Gen && slot.target != nil {
		slot.target.pollReady(ev)
	}
}

// pollNow collects the events that are there, without waiting: in a busy
// turn, so that sockets are served between the tasks, as asyncio's loop
// selects with a zero timeout when callbacks are ready.
func (l *Loop) pollNow() {
	if l.polled == 0 {
		return
	}
	if _, err := l.poller.Load().Wait(0, l.dispatch); err != nil {
		l.pollFailed(err)
	}
}

// block waits up to timeout (forever if negative) for a wake-up from
// another goroutine, an event on a socket, or a change in the holds from
// what idle saw (holds), and reports whether something came.
func (l *Loop) block(timeout time.Duration, holds int64) bool {
	p := l.poller.Load()
	if p == nil {
		if timeout < 0 {
			<-l.wake
			return true
		}
		t := time.NewTimer(timeout)
		defer t.Stop()
		select {
		case <-l.wake:
			return true
		case <-t.C:
			return false
		}
	}
	p.Arm()
	if l.posted.Load() != 0 || l.holds.Load() != holds {
		// It came before we armed, so its Wake may have written nothing:
		// report it, or the caller waits again for a wake-up that is not
		// coming (and sees the same stale holds at every call). Take what
		// the sockets have on the way: Wait also disarms.
		if _, err := p.Wait(0, l.dispatch); err != nil {
			l.pollFailed(err)
		}
		return true
	}
	woken, err := p.Wait(timeout, l.dispatch)
	if err != nil {
		l.pollFailed(err)
		return true
	}
	return woken
}

// sleepUntil waits until the clock reaches when, or something comes (see
// block), and reports whether something came. A virtual clock jumps to when
// if nothing is there to take.
func (l *Loop) sleepUntil(when time.Duration, holds int64) bool {
	if l.poller.Load() == nil {
		return l.clock.Sleep(when, l.wake)
	}
	if l.virtual {
		if l.block(0, holds) {
			return true
		}
		l.clock.Sleep(when, nil) // jumps
		return false
	}
	for {
		left := when - l.clock.Now()
		if left <= 0 {
			return l.block(0, holds)
		}
		if l.block(left, holds) {
			return true
		}
	}
}

// pollFailed reports a poller that fails to wait: it cannot recover, so the
// loop's runs end with the error.
func (l *Loop) pollFailed(err error) {
	if l.pollErr == nil {
		l.pollErr = fmt.Errorf("loop: the OS poller failed: %w", err)
	}
}

// closePoller closes the poller, at Close, once its sockets are closed.
func (l *Loop) closePoller() {
	if p := l.poller.Swap(nil); p != nil {
		p.Close()
	}
}
