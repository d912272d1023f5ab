package loop

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/corio-go/corio/coro"
)

// DefaultWorkers is the size of a loop's pool for blocking work unless
// WithWorkers says otherwise: asyncio's default executor size,
// min(32, CPUs + 4).
var DefaultWorkers = min(32, runtime.NumCPU()+4)

// WithWorkers sets the size of the loop's pool of goroutines for blocking work
// (ToThread); n < 1 means DefaultWorkers.
func WithWorkers(n int) Option {
	return func(l *Loop) { l.workers = n }
}

// ToThread returns a coroutine that runs fn on the loop's pool of worker
// goroutines and suspends the task that awaits it until fn returns, while the
// loop runs other tasks: asyncio.to_thread. Await it, or gather several:
//
//	page, err := loop.ToThread(fetch).Await(yield)
//	pages, err := coro.Gather(loop.ToThread(fetchA), loop.ToThread(fetchB)).Await(yield)
//
// fn gets a context that is cancelled if the task stops
// waiting (it is cancelled) or the loop closes; its result is then dropped.
// A panic in fn is returned as a *coro.PanicError, and a runtime.Goexit in
// fn (t.FailNow, say) as an error; either way the pool goes on.
//
// At most the pool's size of functions run at once (WithWorkers,
// DefaultWorkers); the others wait their turn in order. Close waits for the
// functions still running, after cancelling their contexts.
func ToThread[T any](fn func(ctx context.Context) (T, error)) coro.Func[T] {
	return func(yield coro.Yield) (T, error) { return toThread(yield, fn) }
}

func toThread[T any](yield coro.Yield, fn func(ctx context.Context) (T, error)) (T, error) {
	l := Current(yield)
	if fn == nil {
		var zero T
		return zero, coro.ErrNilCoroutine
	}
	f := coro.NewFuture[T](yield)
	p, err := l.pool()
	if err != nil {
		var zero T
		return zero, err
	}
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	release := l.Hold()
	p.submit(func() {
		var v T
		err := errGoexit // unless fn returns (a panic is recovered in call)
		defer func() {   // also when fn calls runtime.Goexit
			l.CallSoonThreadsafe(func() {
				if err != nil {
					f.SetError(err)
				} else {
					f.SetResult(v)
				}
			})
			release() // after the result is posted: the loop waits for it
		}()
		v, err = call(ctx, fn)
	})
	return f.Await(yield)
}

// errGoexit is the error of a ToThread function that called runtime.Goexit
// (t.FailNow, say): it ended its goroutine without returning.
var errGoexit = errors.New("loop: the function called runtime.Goexit")

// call runs fn, turning a panic into an error.
func call[T any](ctx context.Context, fn func(context.Context) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &coro.PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn(ctx)
}

// workerPool runs functions on at most size goroutines, started as needed, in
// the order they were submitted.
type workerPool struct {
	ctx    context.Context // cancelled at close
	cancel context.CancelFunc
	size   int

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []func()
	idle    int
	running int // goroutines started and not ended
	closed  bool
	done    sync.WaitGroup
}

func (l *Loop) pool() (*workerPool, error) {
	if l.closed {
		return nil, coro.ErrClosed
	}
	if l.workerPool == nil {
		size := l.workers
		if size < 1 {
			size = DefaultWorkers
		}
		p := &workerPool{size: size}
		p.ctx, p.cancel = context.WithCancel(context.Background())
		p.cond = sync.NewCond(&p.mu)
		l.workerPool = p
	}
	return l.workerPool, nil
}

func (p *workerPool) submit(fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = append(p.queue, fn)
	if p.idle > 0 { // wake one, and count it busy now, so that the next submit starts another
		p.idle--
		p.cond.Signal()
		return
	}
	if p.running < p.size {
		p.running++
		p.done.Add(1)
		go p.work()
	}
}

func (p *workerPool) work() {
	defer p.done.Done()
	p.mu.Lock()
	for {
		if len(p.queue) == 0 {
			if p.closed {
				p.running--
				p.mu.Unlock()
				return
			}
			p.idle++ // submit or close takes it off again when it signals
			p.cond.Wait()
			continue
		}
		fn := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()
		p.run(fn)
		p.mu.Lock()
	}
}

// run calls fn. If fn calls runtime.Goexit, nothing stops this goroutine
// from ending: run's deferred call takes it out of the count and starts
// another for the functions still queued.
func (p *workerPool) run(fn func()) {
	returned := false
	defer func() {
		if returned {
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		p.running--
		if len(p.queue) > 0 {
			p.running++
			p.done.Add(1)
			go p.work()
		}
	}()
	fn()
	returned = true
}

// close cancels the functions' contexts, lets the queued and running ones
// finish (they see the cancellation), and waits for the goroutines to end.
func (p *workerPool) close() {
	p.cancel()
	p.mu.Lock()
	p.closed = true
	p.idle = 0
	p.cond.Broadcast()
	p.mu.Unlock()
	p.done.Wait()
}
