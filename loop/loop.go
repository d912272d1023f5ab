package loop

import (
	"github.com/corio-go/corio/internal/ring"

	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/internal/poll"
	"github.com/corio-go/corio/timer"
)

// Loop is an event loop: it runs tasks and callbacks one at a time on the
// goroutine that runs it, in a deterministic order (CPython asyncio's), so
// tasks share its state with no locks.
//
// Each turn of the loop takes the timers that are due, in deadline order and
// first-in-first-out among equal deadlines, appends them to the ready queue,
// and runs exactly the callbacks that are ready at the start of the turn:
// what they schedule runs in the next turn. A task step is such a callback.
//
// A Loop's methods must be called from the goroutine that runs it, or while it
// is not running, except CallSoonThreadsafe and Hold, the doors in from other
// goroutines. Two loops on two goroutines run in parallel and share nothing.
type Loop struct {
	clock       timer.Clock
	virtual     bool // the clock jumps: wait for outside events before jumping
	ready       ring.Buffer[coro.Callback]
	timers      timer.Queue[coro.Callback]
	tasks       coro.TaskSet
	onError     func(error)
	lockThread  bool
	pinned      bool          // lockThread, and it has run: its goroutine stays on thread until Close
	thread      int           // the OS thread it is pinned to (0: not known)
	trimmed     time.Duration // when the pool of idle coroutines was last trimmed, in real time
	born        time.Time     // for the real time of a loop on a virtual clock
	turns       uint64
	noInterrupt bool                        // Run leaves SIGINT alone
	workers     int                         // the size of the pool for blocking work; 0: DefaultWorkers
	workerPool  *workerPool                 // created at the first ToThread
	closers     map[closedWithLoop]struct{} // streams and servers, cut off with the loop
	instruments []coro.Instrument
	recordings  []Recording
	debug       *debugger
	logger      *slog.Logger
	closed      bool
	stopping    bool
	livelock    error         // a task spins on a virtual clock: runs end with this
	spinner     coro.TaskRef  // that task, until it is done
	flushing    int           // streams closing gracefully, still sending
	until       time.Duration // in RunUntil: nothing due at or after it runs
	bounded     bool          // in RunUntil

	// The reactor (reactor.go): nil until the first socket, or for good
	// with WithPoller(false) or where the OS has none.
	poller    atomic.Pointer[poll.Poller]
	noPoller  bool
	pollSlots []pollSlot // by descriptor
	pollGen   uint32
	polled    int    // descriptors on the poller
	pollErr   error  // the poller failed: runs end with it
	scratch   []byte // what sockets read into, one at a time

	shutdownTimeout time.Duration // how long Run's shutdown lets cancelled tasks finish
	patience        time.Duration // in Run's shutdown: how long a virtual clock waits for an outside event
	running         atomic.Bool

	// The door from other goroutines.
	mu       sync.Mutex
	inbox    []func()
	spare    []func() // the previous inbox, reused
	posted   atomic.Int32
	wake     chan struct{} // capacity 1: a pending wake-up
	holds    atomic.Int64
	isClosed atomic.Bool
	hooks    map[uint64]func() // run by Close: what other goroutines handed the loop
	nextHook uint64
}

// New returns a loop that is ready to run. By default it runs on a real clock,
// unpinned; see the options.
func New(opts ...Option) *Loop {
	l := &Loop{born: time.Now(), wake: make(chan struct{}, 1), onError: logError, shutdownTimeout: DefaultShutdownTimeout, noPoller: pollerOff.Load()}
	for _, o := range opts {
		o(l)
	}
	if l.clock == nil {
		l.clock = timer.NewReal()
	}
	l.instrument()
	_, l.virtual = l.clock.(*timer.Virtual)
	l.tasks.OnSpin(l.spinning)
	l.tasks.OnLost(func(t coro.TaskRef) {
		l.log().Error("loop: task failed and nobody has awaited it yet; reported now, as more than 1,024 such tasks pile up",
			"task", t.Name(), "err", t.Err(), "spawned at", l.site(t))
	})
	return l
}

// spinning reports a task that keeps awaiting after it was cancelled. On a
// virtual clock such a task keeps the clock from ever jumping, so the run
// ends with an error that names it instead of hanging.
func (l *Loop) spinning(t coro.TaskRef, site string, cancel *coro.CancelError) {
	l.log().Error("loop: task keeps awaiting after it was cancelled; its awaits fail at once",
		"task", t.Name(), "at", site, "cancelled", cancel)
	if l.virtual && l.livelock == nil {
		l.spinner = t
		l.livelock = fmt.Errorf("%w: task %s keeps awaiting at %s after it was cancelled (%v); "+
			"every await of a cancelled task fails at once, so the virtual clock cannot advance",
			coro.ErrLivelock, t.Name(), site, cancel)
	}
}

// Now returns the loop's time: asyncio's loop.time(). It is a duration since
// the clock's origin, so only differences between two readings mean anything.
func (l *Loop) Now() time.Duration { return l.clock.Now() }

// CallSoon schedules fn to run in the next turn of the loop, after everything
// already scheduled: asyncio's call_soon. A panic in fn is recovered and
// reported (see WithErrorHandler).
func (l *Loop) CallSoon(fn func()) (*Handle, error) {
	if err := l.usable(fn); err != nil {
		return nil, err
	}
	h := &Handle{fn: fn, l: l}
	l.ready.Push((*handleCall)(h))
	return h, nil
}

// CallLater schedules fn to run once d has passed: asyncio's call_later.
// Callbacks due at the same time run in the order they were scheduled. A
// negative d is an error (coro.ErrNegativeDuration).
func (l *Loop) CallLater(d time.Duration, fn func()) (*Handle, error) {
	if d < 0 {
		return nil, fmt.Errorf("%w: CallLater(%v)", coro.ErrNegativeDuration, d)
	}
	when := l.Now() + d
	if when < d { // past the end of the clock: never
		when = math.MaxInt64
	}
	return l.CallAt(when, fn)
}

// CallAt schedules fn to run when the loop's time reaches when: asyncio's
// call_at. A time in the past runs in the next turn.
func (l *Loop) CallAt(when time.Duration, fn func()) (*Handle, error) {
	if err := l.usable(fn); err != nil {
		return nil, err
	}
	h := &Handle{fn: fn, l: l}
	h.timer.Value = (*handleCall)(h)
	l.timers.Push(&h.timer, when)
	return h, nil
}

func (l *Loop) usable(fn func()) error {
	switch {
	case l.closed:
		return coro.ErrClosed
	case fn == nil:
		return ErrNilCallback
	}
	return nil
}

// CallSoonThreadsafe schedules fn to run on the loop, from any goroutine, and
// wakes the loop if it is idle: asyncio's call_soon_threadsafe. fn runs in a
// turn after the call, in the order of the calls. It returns coro.ErrClosed if
// the loop is closed. A goroutine that will call it later, while the loop waits
// on that, should Hold the loop, or the loop may judge it deadlocked.
func (l *Loop) CallSoonThreadsafe(fn func()) error {
	if fn == nil {
		return ErrNilCallback
	}
	l.mu.Lock()
	if l.isClosed.Load() {
		l.mu.Unlock()
		return coro.ErrClosed
	}
	l.inbox = append(l.inbox, fn)
	l.posted.Store(1)
	l.mu.Unlock()
	l.signal()
	return nil
}

// Hold tells the loop that another goroutine will call back into it, with
// CallSoonThreadsafe, and returns the function that says it is done (calling it
// again does nothing). While a hold is out, a loop with nothing to do waits
// instead of reporting a deadlock, and a virtual clock waits for the outside
// event before it jumps. Safe from any goroutine.
func (l *Loop) Hold() (release func()) {
	l.holds.Add(1)
	var once sync.Once
	return func() {
		once.Do(func() {
			l.holds.Add(-1)
			l.signal()
		})
	}
}

func (l *Loop) signal() {
	if p := l.poller.Load(); p != nil {
		p.Wake()
		return
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// drainInbox moves the callbacks posted from other goroutines to the ready queue.
func (l *Loop) drainInbox() {
	if l.posted.Load() == 0 {
		return
	}
	l.mu.Lock()
	in := l.inbox
	l.inbox = l.spare[:0]
	l.posted.Store(0)
	l.mu.Unlock()
	for i, fn := range in {
		l.ready.Push(callback(fn))
		in[i] = nil
	}
	l.spare = in
}

// Stop makes the running loop return after the current turn: asyncio's stop.
// From another goroutine, call it through CallSoonThreadsafe.
func (l *Loop) Stop() { l.stopping = true }

// IsRunning reports whether the loop is running.
func (l *Loop) IsRunning() bool { return l.running.Load() }

// IsClosed reports whether the loop is closed.
func (l *Loop) IsClosed() bool { return l.closed }

// enter marks the loop running on the calling goroutine.
func (l *Loop) enter() error {
	if l.isClosed.Load() {
		return coro.ErrClosed
	}
	if !l.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	if err := l.pin(); err != nil {
		l.running.Store(false)
		return err
	}
	return nil
}

func (l *Loop) exit() {
	l.stopping = false
	l.running.Store(false)
}

// pin pins a WithLockedThread loop to its OS thread at its first run, for
// good: a coroutine created on a locked thread must be resumed on that very
// thread (the runtime ends the process otherwise), so every later run, and
// Close, must come from the same goroutine. From another, pin returns
// ErrWrongThread (where the thread is known, on Linux).
func (l *Loop) pin() error {
	if !l.lockThread {
		return nil
	}
	if !l.pinned {
		runtime.LockOSThread()
		l.pinned, l.thread = true, threadID()
		return nil
	}
	if id := threadID(); id != l.thread {
		return fmt.Errorf("%w: the loop is pinned to OS thread %d, and this is %d", ErrWrongThread, l.thread, id)
	}
	return nil
}

// RunForever runs the loop until Stop is called: asyncio's run_forever. It
// returns ErrRunning if the loop is running and coro.ErrClosed if it is closed.
func (l *Loop) RunForever() error {
	if err := l.enter(); err != nil {
		return err
	}
	defer l.exit()
	for { // Stop called before runs one turn, as asyncio's run_forever does
		if err := l.turn(false); err != nil {
			return err
		}
		if l.stopping {
			return nil
		}
	}
}

// RunUntil runs the loop until its clock reaches when: SimPy's
// env.run(until=when), for simulations on a virtual clock. Everything due
// before when runs, in the usual order; nothing due at or after when does,
// and the clock then reads when (a virtual clock jumps there; a real one
// waits). Tasks and timers left stay as they are, so a later run goes on
// where this one stopped. A loop with nothing left to do is not deadlocked
// here: its time just passes. Stop ends the run early.
//
// It returns an error if when is before the loop's time, ErrRunning if the
// loop is running and coro.ErrClosed if it is closed.
func (l *Loop) RunUntil(when time.Duration) error {
	if err := l.enter(); err != nil {
		return err
	}
	defer l.exit()
	if now := l.clock.Now(); when < now {
		return fmt.Errorf("loop: RunUntil(%v) is before the loop's time, %v", when, now)
	}
	l.until, l.bounded = when, true
	defer func() { l.until, l.bounded = 0, false }()
	for l.clock.Now() < when {
		if err := l.turn(false); err != nil {
			return err
		}
		if l.stopping {
			break
		}
	}
	return nil
}

// RunUntilComplete runs l until main is done and returns its result:
// asyncio's run_until_complete. main is awaited by a new task (a Func or
// Coroutine runs in it; a Task, Future or Gathering is waited for). The loop stops one
// turn after main is done, as asyncio's does, so tasks already ready take one
// more step. Other tasks stay as they are; the loop can be run again. It is a
// function, not a method, as methods cannot have type parameters.
//
// It returns ErrStopped if Stop ends the run first, an error matching
// coro.ErrDeadlock if nothing can make progress any more (or
// coro.ErrLivelock if, on a virtual clock, a cancelled task keeps awaiting so
// that time cannot advance: see coro.TaskSet.OnSpin), ErrRunning if the
// loop is running, coro.ErrClosed if it is closed, and coro.ErrNilCoroutine
// if main is nil (then the loop does not run).
func RunUntilComplete[T any](l *Loop, main coro.Awaiter[T]) (T, error) {
	var zero T
	if err := l.enter(); err != nil {
		return zero, err
	}
	defer l.exit()
	if main == nil {
		return zero, coro.ErrNilCoroutine
	}
	t := coro.Start(l.core(), main)
	if err := l.runUntilDone(t); err != nil {
		return zero, err
	}
	return t.Result()
}

// doneWatcher is something whose completion ends a run.
type doneWatcher interface {
	Done() bool
	AddDoneCallback(fn func()) *coro.DoneCallback
}

func (l *Loop) runUntilDone(t doneWatcher) error {
	t.AddDoneCallback(l.Stop)
	for { // at least one turn, even if Stop was called before
		if err := l.turn(true); err != nil {
			return err
		}
		if l.stopping {
			break
		}
	}
	if !t.Done() {
		return ErrStopped
	}
	return nil
}

// turn runs one turn of the loop. With watch set, a loop that has nothing left
// to do and nothing to wait for returns a deadlock error instead of waiting.
func (l *Loop) turn(watch bool) error {
	l.drainInbox()
	if l.ready.Len() == 0 && !l.stopping {
		if err := l.idle(watch); err != nil {
			return err
		}
	} else {
		l.pollNow()
	}
	if l.pollErr != nil {
		return l.pollErr
	}
	// Read the clock only when a timer waits or a trim may be due: a loop
	// that only switches between tasks saves a clock read per turn.
	l.turns++
	trimCheck := l.turns%trimCheckTurns == 0
	if l.timers.Len() > 0 || trimCheck {
		now := l.clock.Now()
		if !l.virtual {
			l.trimIfDue(now)
		} else if trimCheck {
			// Memory is a matter of real time: a simulation's second
			// takes microseconds, and trimming on it would stop the
			// pooled coroutines a moment before the next task needs them.
			l.trimIfDue(time.Since(l.born))
		}
		due := now
		if l.bounded && due >= l.until {
			due = l.until - 1 // RunUntil runs nothing due at its end
		}
		for t := l.timers.PopDue(due); t != nil; t = l.timers.PopDue(due) {
			l.ready.Push(t.Value)
		}
	}
	for n := l.ready.Len(); n > 0; {
		n = l.runReady(n)
	}
	if err := l.livelock; err != nil {
		if !l.spinner.Done() {
			return err // it still spins: no run on this clock can get anywhere
		}
		l.livelock, l.spinner = nil, coro.TaskRef{}
	}
	return nil
}

// trimIfDue gives memory back after a peak, once every trimEvery of real
// time: a pooled coroutine no task needed for that long is stopped, and the
// ready queue and the timer heap shrink to what they hold.
func (l *Loop) trimIfDue(now time.Duration) {
	if now-l.trimmed >= trimEvery {
		l.tasks.TrimIdle()
		l.ready.Shrink()
		l.timers.Shrink()
		l.trimmed = now
	}
}

// trimEvery is how often, in real time, the loop gives memory back after a
// peak (a variable for the tests). It happens as the loop turns: a loop
// asleep, or on a virtual clock waiting for an outside event, keeps what it
// has until it turns again.
var trimEvery = time.Second

// trimCheckTurns is how many turns may pass without a look at the clock for
// a trim, when no timer makes the loop read it anyway.
const trimCheckTurns = 1 << 10

// idle waits until something can be ready: a posted callback, a due timer,
// or, with the poller, a socket's event.
func (l *Loop) idle(watch bool) error {
	for {
		// deadline is when the loop must wake at the latest: the next timer,
		// or RunUntil's end if that comes first.
		var deadline time.Duration
		next := l.timers.Peek()
		timed := next != nil
		if timed {
			deadline = next.When()
		}
		end := l.bounded && (!timed || deadline >= l.until)
		if end {
			deadline, timed = l.until, true
		}
		holds := l.holds.Load()
		switch {
		case l.posted.Load() != 0:
		case !timed || (l.virtual && holds > 0):
			// Holds first, then the inbox: a goroutine posts before it
			// releases its hold, so "no hold" read first means that what it
			// posted is seen next. The other order can see neither.
			if !timed && watch && holds == 0 && l.posted.Load() == 0 {
				return l.deadlock()
			}
			if !l.waitOutside(holds) && timed { // Run's shutdown will not wait longer: jump
				l.clock.Sleep(deadline, nil)
			} else if l.posted.Load() == 0 && l.ready.Len() == 0 {
				continue // a hold was released, or a stale wake-up: look again
			}
		default:
			if l.sleepUntil(deadline, holds) && l.posted.Load() == 0 && l.ready.Len() == 0 {
				continue
			}
			if end && l.clock.Now() >= l.until {
				l.stopping = true // RunUntil's end: this turn runs only what was posted
			}
		}
		l.drainInbox()
		return nil
	}
}

// waitOutside waits for a wake-up from another goroutine, or a socket's
// event. In Run's shutdown on a virtual clock it gives up after a while of
// real time and reports false, so that the clock jumps to the next timer
// (there always is one, the shutdown's deadline): an open stream or server,
// which holds the loop, must not keep a cancelled task's cleanup from ever
// timing out.
func (l *Loop) waitOutside(holds int64) bool {
	if l.patience == 0 {
		for !l.block(-1, holds) {
		}
		return true
	}
	return l.block(l.patience, holds)
}

func (l *Loop) deadlock() error {
	var dump strings.Builder
	l.Dump(&dump)
	return fmt.Errorf("%w: nothing is ready, no timer is pending and no goroutine holds the loop; %s",
		coro.ErrDeadlock, strings.TrimSuffix(dump.String(), "\n"))
}

// runReady runs n ready callbacks and returns how many are left to run if one
// of them panicked. One deferred recover covers the whole batch.
func (l *Loop) runReady(n int) (left int) {
	defer func() {
		if r := recover(); r != nil {
			l.onError(&coro.PanicError{Value: r, Stack: debug.Stack()})
		}
	}()
	for left = n; left > 0; {
		left--
		l.ready.Pop().Run()
	}
	return 0
}

// Close closes the loop: asyncio's close. Tasks still live are abandoned: each
// suspended coroutine sees its yield return false, so its defers run, and the
// task completes cancelled by coro.ErrClosed. Pending callbacks are dropped.
// Afterwards every entry point returns coro.ErrClosed. Close returns ErrRunning
// if the loop is running; closing a closed loop does nothing.
func (l *Loop) Close() error {
	if l.running.Load() {
		return ErrRunning
	}
	if l.closed {
		return nil
	}
	if l.pinned { // coroutines must stop on the thread they ran on
		if err := l.pin(); err != nil {
			return err
		}
		defer runtime.UnlockOSThread()
	}
	l.mu.Lock()
	l.isClosed.Store(true)
	l.inbox = nil
	l.posted.Store(0)
	hooks := l.hooks
	l.hooks = nil
	l.mu.Unlock()
	defer func() {
		for _, fn := range hooks {
			fn()
		}
	}()
	l.closed = true
	l.reportAtClose()
	for _, t := range l.tasks.Close() {
		l.log().Error("loop: task panicked on its way out at close", "task", t.Name(), "err", t.Err())
	}
	l.ready.Clear()
	for l.timers.Pop() != nil {
	}
	l.ready, l.timers = ring.Buffer[coro.Callback]{}, timer.Queue[coro.Callback]{} // their memory too
	for c := range l.closers {
		c.closeWithLoop()
	}
	if l.workerPool != nil {
		l.workerPool.close()
	}
	l.closePoller()
	return nil
}

// onClose registers fn for Close to call, from any goroutine: for what another
// goroutine hands the loop in a posted callback (a connection, a result to
// complete) that Close would otherwise drop with its inbox. remove takes fn
// back and reports whether it was still there (false: Close has it). ok is
// false if the loop is closed already.
func (l *Loop) onClose(fn func()) (remove func() bool, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isClosed.Load() {
		return nil, false
	}
	if l.hooks == nil {
		l.hooks = map[uint64]func(){}
	}
	l.nextHook++
	id := l.nextHook
	l.hooks[id] = fn
	return func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		_, there := l.hooks[id]
		delete(l.hooks, id)
		return there
	}, true
}

// closedWithLoop is what a loop cuts off when it closes: its streams and
// servers.
type closedWithLoop interface{ closeWithLoop() }

// track keeps c to be cut off with the loop; untrack forgets it.
func (l *Loop) track(c closedWithLoop) {
	if l.closers == nil {
		l.closers = map[closedWithLoop]struct{}{}
	}
	l.closers[c] = struct{}{}
}

func (l *Loop) untrack(c closedWithLoop) { delete(l.closers, c) }

// Run creates a loop, runs main on it to completion, cancels the tasks still
// left and lets them finish (their cleanup may sleep or await I/O) and lets
// the streams closing gracefully send what was written, up to
// WithShutdownTimeout (DefaultShutdownTimeout); then it closes the loop,
// which abandons and reports what is left, and returns main's result:
// asyncio.run. Options configure the loop.
//
// If main cannot finish (a deadlock), Run returns an error that matches
// coro.ErrDeadlock and names the stuck tasks; if a cancelled task keeps
// awaiting on a virtual clock, one that matches coro.ErrLivelock and names it. Ctrl-C (SIGINT) cancels main
// with the cause ErrInterrupted, which Run then returns (see WithInterrupt).
func Run[T any](main coro.Awaiter[T], opts ...Option) (T, error) {
	var zero T
	l := New(opts...)
	defer l.Close()
	if err := l.enter(); err != nil {
		return zero, err
	}
	defer l.exit()
	if main == nil {
		return zero, coro.ErrNilCoroutine
	}
	t := coro.Start(l.core(), main)
	if !l.noInterrupt {
		defer l.onInterrupt(func() { t.Cancel(ErrInterrupted) })()
	}
	err := l.runUntilDone(t)
	l.shutdown()
	if err != nil {
		return zero, err
	}
	return t.Result()
}

// Main runs main as the main task of a new loop, with Run's semantics (the
// shutdown of what is left, Ctrl-C, the options), and returns its error: the
// shape of a program with nothing to return but an error.
//
//	func main() {
//		if err := loop.Main(run); err != nil {
//			log.Fatal(err)
//		}
//	}
//
//	func run(yield coro.Yield) error { ... }
//
// The error is main's, or Run's own: one matching coro.ErrDeadlock or
// coro.ErrLivelock if main cannot finish, and coro.ErrNilCoroutine if main
// is nil. Ctrl-C cancels main with the cause ErrInterrupted, as in Run. A
// panic in main becomes a *coro.PanicError, as in any task.
func Main(main func(yield coro.Yield) error, opts ...Option) error {
	var task coro.Awaiter[struct{}] // nil for a nil main: Run reports it
	if main != nil {
		task = coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			return struct{}{}, main(yield)
		})
	}
	_, err := Run(task, opts...)
	return err
}

// onInterrupt calls cancel on the loop when the process gets an interrupt,
// and returns the function that stops listening. After the first interrupt, a
// second one has Go's default effect: it ends the process.
func (l *Loop) onInterrupt(cancel func()) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-sigs:
			signal.Stop(sigs)
			l.CallSoonThreadsafe(cancel)
		case <-done:
		}
	})
	return func() {
		signal.Stop(sigs)
		close(done)
		wg.Wait()
	}
}

// shutdown cancels the live tasks and runs the loop while they wind down and
// while streams closing gracefully send what was written, up to the shutdown
// timeout on the loop's clock; Close then abandons and reports what is left.
func (l *Loop) shutdown() {
	l.tasks.CancelAll(coro.ErrClosed)
	l.tasks.CancelNew(coro.ErrClosed) // a cleanup's new tasks do not hold the shutdown up
	defer l.tasks.CancelNew(nil)
	l.stopping = false
	if l.tasks.Len() == 0 && l.flushing == 0 {
		return
	}
	now := l.clock.Now()
	deadline := now + l.shutdownTimeout
	if deadline < now {
		deadline = math.MaxInt64
	}
	limit, _ := l.CallAt(deadline, func() {}) // wakes an idle loop at the deadline
	defer limit.Cancel()
	l.patience = shutdownPatience
	defer func() { l.patience = 0 }()
	for (l.tasks.Len() > 0 || l.flushing > 0) && l.clock.Now() < deadline {
		// Holds before the inbox, as in idle: a goroutine posts, then
		// releases its hold.
		if l.ready.Len() == 0 && l.holds.Load() == 0 && l.posted.Load() == 0 && l.timers.Len() == 1 {
			return // only the deadline is left to come: what waits, waits in vain
		}
		l.stopping = false // a Stop from a cleanup ends nothing here: Run is ending already
		if err := l.turn(true); err != nil {
			return // a livelock: nothing more will end
		}
	}
}

// shutdownPatience is how long, in real time, Run's shutdown on a virtual
// clock waits for an outside event (I/O, a thread) before it lets the clock
// jump: what is still waiting for one then, waits in vain.
const shutdownPatience = 100 * time.Millisecond

type contextKey struct{}

// NewContext returns a copy of ctx that carries l: the Go form of asyncio's
// set_event_loop. Go has no thread-local current loop; code that needs one
// takes a context and calls FromContext.
func NewContext(ctx context.Context, l *Loop) context.Context {
	return context.WithValue(ctx, contextKey{}, l)
}

// FromContext returns the loop carried by ctx, or nil.
func FromContext(ctx context.Context) *Loop {
	l, _ := ctx.Value(contextKey{}).(*Loop)
	return l
}

// Current returns the loop running the calling coroutine: asyncio's
// get_running_loop. It panics if the coroutine is run by another scheduler.
func Current(yield coro.Yield) *Loop {
	c, ok := coro.Running(yield).(*core)
	if !ok {
		panic("loop: Current called from a coroutine not run by a loop.Loop")
	}
	return (*Loop)(c)
}
