package loop

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Group runs n loops, each on a goroutine pinned to its own OS thread, and
// spreads work over them (shard per core): a server can accept on one and
// hand each connection to the next loop in turn. Loops of a group share
// nothing; code on one reaches another only through Submit or
// CallSoonThreadsafe.
type Group struct {
	loops   []*Loop
	threads []atomic.Int64 // the OS thread each loop runs on (0: not known)
	ended   []chan struct{}
	next    atomic.Uint64
	once    sync.Once
}

// NewGroup starts n loops (n < 1 means one), each running forever on a
// goroutine pinned to its OS thread (WithLockedThread), with opts.
func NewGroup(n int, opts ...Option) *Group {
	n = max(n, 1)
	g := &Group{loops: make([]*Loop, n), threads: make([]atomic.Int64, n), ended: make([]chan struct{}, n)}
	for i := range g.loops {
		l := New(append(opts, WithLockedThread(true))...)
		g.loops[i] = l
		g.ended[i] = make(chan struct{})
		release := l.Hold() // the group calls in to stop it
		go func() {
			defer close(g.ended[i])
			runtime.LockOSThread() // as the loop will: its thread is known from here
			defer runtime.UnlockOSThread()
			g.threads[i].Store(int64(threadID()))
			defer g.threads[i].Store(0) // before the thread runs other goroutines
			l.RunForever()
			release()
			l.Close() // on the goroutine that ran it: its tasks are abandoned here
		}()
	}
	return g
}

// Len returns the number of loops.
func (g *Group) Len() int { return len(g.loops) }

// Loop returns loop i, 0 <= i < Len().
func (g *Group) Loop(i int) *Loop { return g.loops[i] }

// Next returns the loops one after another, round robin: where to Submit the
// next piece of work. Safe from any goroutine.
func (g *Group) Next() *Loop {
	return g.loops[(g.next.Add(1)-1)%uint64(len(g.loops))]
}

// Close stops every loop, waits for their goroutines to end, and closes them:
// their tasks are abandoned, as by Loop.Close. Cancel what must end cleanly
// first. Closing a group again waits for the same end.
//
// Called from one of the group's own loops (a task or a callback on it), Close
// cannot wait for that loop, which runs it: it stops all of them and returns
// at once an error matching ErrRunning; each loop stops after its current
// turn and is closed on its goroutine. (The calling loop is known by its OS
// thread, on Linux; elsewhere such a call does not return.) Nor can Close
// return when called from a function one of the loops runs on its pool
// (ToThread): the loop waits for that function before it closes.
func (g *Group) Close() error {
	g.once.Do(func() {
		for _, l := range g.loops {
			l.CallSoonThreadsafe(l.Stop)
		}
	})
	self := -1
	if id := int64(threadID()); id != 0 {
		for i := range g.threads {
			if g.threads[i].Load() == id {
				self = i
			}
		}
	}
	if self >= 0 { // waiting here would keep this loop, or another closing the group, from stopping
		return fmt.Errorf("%w: Group.Close called on loop %d of the group; the loops stop after their current turn", ErrRunning, self)
	}
	for _, ended := range g.ended {
		<-ended
	}
	return nil
}
