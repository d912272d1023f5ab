// Package poll is the loop's reactor: the readiness of file descriptors,
// from the OS (epoll on Linux), and a wake-up from other goroutines, in one
// wait. It is what asyncio's selector and libuv's uv__io_poll are to their
// loops; the loop (package loop) owns the descriptors and their state.
//
// A Poller belongs to the goroutine of its loop, except Wake, which any
// goroutine may call.
package poll

import (
	"errors"
	"sync/atomic"
)

// Events says what a descriptor became ready for.
type Events uint8

// The events a Wait reports.
const (
	Readable Events = 1 << iota // data, or the peer's end of the stream, or an error to read
	Writable                    // room to write, or an error to write
	Hangup                      // the peer closed, or an error: reads end once the buffer is read
)

// ErrUnsupported is returned by New where the OS has no poller this package
// drives: the loop then waits on Go's own network poller, through goroutines.
var ErrUnsupported = errors.New("poll: no OS poller on this platform")

// Token names a registered descriptor in the events a Wait reports: the
// descriptor and a generation, so that an event for a descriptor closed and
// reused since it was taken can be told from one for the new owner.
type Token struct {
	FD  int32
	Gen uint32
}

// waker is the state shared with other goroutines: whether the loop is
// asleep in Wait, and whether a wake-up is already on its way.
type waker struct {
	sleeping atomic.Bool
	pending  atomic.Bool
}

// Arm tells other goroutines that the loop is about to sleep in Wait, so
// that Wake writes to it. The loop arms first, then looks once more for work
// posted from other goroutines, then waits: a goroutine that posts work and
// then calls Wake either is seen by that look or sees the loop armed.
func (p *Poller) Arm() { p.sleeping.Store(true) }
