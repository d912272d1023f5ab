package loop

import (
	"sync"
	"sync/atomic"
)

// Group runs n loops, each on a goroutine pinned to its own OS thread, and
// spreads work over them (shard per core): a server can accept on one and
// hand each connection to the next loop in turn. Loops of a group share
// nothing; code on one reaches another only through Submit or
// CallSoonThreadsafe.
type Group struct {
	loops []*Loop
	next  atomic.Uint64
	wg    sync.WaitGroup
	once  sync.Once
}

// NewGroup starts n loops (n < 1 means one), each running forever on a
// goroutine pinned to its OS thread (WithLockedThread), with opts.
func NewGroup(n int, opts ...Option) *Group {
	g := &Group{loops: make([]*Loop, max(n, 1))}
	for i := range g.loops {
		l := New(append(opts, WithLockedThread(true))...)
		g.loops[i] = l
		release := l.Hold() // the group calls in to stop it
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
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
// first. Closing a group again does nothing.
func (g *Group) Close() {
	g.once.Do(func() {
		for _, l := range g.loops {
			l.CallSoonThreadsafe(l.Stop)
		}
		g.wg.Wait()
	})
}
