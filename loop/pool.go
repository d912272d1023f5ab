package loop

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Pool runs n loops, each on a goroutine pinned to its own OS thread, and
// spreads work over them (shard per core): a server can accept on one and
// hand each connection to the next loop in turn. Loops of a pool share
// nothing; code on one reaches another only through Submit or
// CallSoonThreadsafe. (It is a pool of loops; the goroutines that run
// ToThread's blocking calls are each loop's own, see WithWorkers.)
type Pool struct {
	loops   []*Loop
	threads []atomic.Int64 // the OS thread each loop runs on (0: not known)
	ended   []chan struct{}
	next    atomic.Uint64
	once    sync.Once
}

// NewPool starts n loops (n < 1 means one), each running forever on a
// goroutine pinned to its OS thread (WithLockedThread), with opts.
func NewPool(n int, opts ...Option) *Pool {
	n = max(n, 1)
	p := &Pool{loops: make([]*Loop, n), threads: make([]atomic.Int64, n), ended: make([]chan struct{}, n)}
	for i := range p.loops {
		l := New(append(opts, WithLockedThread(true))...)
		p.loops[i] = l
		p.ended[i] = make(chan struct{})
		release := l.Hold() // the pool calls in to stop it
		go func() {
			defer close(p.ended[i])
			runtime.LockOSThread() // as the loop will: its thread is known from here
			defer runtime.UnlockOSThread()
			p.threads[i].Store(int64(threadID()))
			defer p.threads[i].Store(0) // before the thread runs other goroutines
			l.RunForever()
			release()
			l.Close() // on the goroutine that ran it: its tasks are abandoned here
		}()
	}
	return p
}

// Len returns the number of loops.
func (p *Pool) Len() int { return len(p.loops) }

// Loop returns loop i, 0 <= i < Len().
func (p *Pool) Loop(i int) *Loop { return p.loops[i] }

// Next returns the loops one after another, round robin: where to Submit the
// next piece of work. Safe from any goroutine.
func (p *Pool) Next() *Loop {
	return p.loops[(p.next.Add(1)-1)%uint64(len(p.loops))]
}

// Close stops every loop, waits for their goroutines to end, and closes them:
// their tasks are abandoned, as by Loop.Close. Cancel what must end cleanly
// first. Closing a pool again waits for the same end.
//
// Called from one of the pool's own loops (a task or a callback on it), Close
// cannot wait for that loop, which runs it: it stops all of them and returns
// at once an error matching ErrRunning; each loop stops after its current
// turn and is closed on its goroutine. (The calling loop is known by its OS
// thread, on Linux; elsewhere such a call does not return.) Nor can Close
// return when called from a function one of the loops runs on its workers
// (ToThread): the loop waits for that function before it closes.
func (p *Pool) Close() error {
	p.once.Do(func() {
		for _, l := range p.loops {
			l.CallSoonThreadsafe(l.Stop)
		}
	})
	if self := p.self(); self >= 0 { // waiting here would keep this loop, or another closing the pool, from stopping
		return fmt.Errorf("%w: Pool.Close called on loop %d of the pool; the loops stop after their current turn", ErrRunning, self)
	}
	for _, ended := range p.ended {
		<-ended
	}
	return nil
}

// self returns the index of the pool's loop whose thread calls it, or -1
// (also where the thread is not known, off Linux).
func (p *Pool) self() int {
	if id := int64(threadID()); id != 0 {
		for i := range p.threads {
			if p.threads[i].Load() == id {
				return i
			}
		}
	}
	return -1
}
