package loop

import (
	"log/slog"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/timer"
)

// Option configures a Loop.
type Option func(*Loop)

// WithClock makes the loop run on c. The default is a real clock
// (timer.NewReal).
func WithClock(c timer.Clock) Option {
	return func(l *Loop) { l.clock = c }
}

// WithVirtualClock makes the loop run on a new virtual clock: time stands still
// while the loop works and jumps to the next timer when nothing is ready. Tests
// and simulations of hours run in milliseconds, and every duration is exact.
//
// While something outside the loop may still call in — a hold (Hold), so an
// open Stream, Server or Datagram, a connect under way, a ToThread function,
// a Recv, a WithContext body — the clock does not jump: it waits for that
// event (on the poller, in epoll, for as long as it takes), which keeps the
// order of events the same as on a real clock. Virtual time is for code whose outside
// events end; a test that keeps a server open sleeps in real time.
func WithVirtualClock() Option {
	return WithClock(timer.NewVirtual())
}

// WithLockedThread pins the goroutine that runs the loop to its OS thread
// (runtime.LockOSThread) from its first run until Close, which unpins it:
// the runtime requires a coroutine created on a locked thread to be resumed
// on that thread. So every run, and Close, must come from that goroutine;
// from another, they return ErrWrongThread (on Linux; elsewhere the process
// would end). The default is unpinned, which the wake-up benchmarks in bench/
// show is faster: a pinned loop pays an OS thread switch each time another
// goroutine wakes it.
func WithLockedThread(lock bool) Option {
	return func(l *Loop) { l.lockThread = lock }
}

// WithInterrupt says whether Run cancels its main task, with the cause
// ErrInterrupted, when the process gets an interrupt (Ctrl-C, SIGINT), as
// asyncio.run does. The default is true; a second interrupt then ends the
// process. Other ways of running a loop leave signals alone.
func WithInterrupt(cancel bool) Option {
	return func(l *Loop) { l.noInterrupt = !cancel }
}

// WithInstrument installs in, an instrument of the user's own, to observe the
// loop's tasks; WithRecording installs this package's recordings.
func WithInstrument(in coro.Instrument) Option {
	return func(l *Loop) { l.instruments = append(l.instruments, in) }
}

// Recording is a record of what a loop's tasks do, which the loop fills in
// while it runs: a Sequence, a ChromeTrace, a RuntimeTrace.
type Recording interface {
	// instrument returns the hooks that record into it, on the loop's clock.
	instrument(now func() time.Duration) coro.Instrument
}

// WithRecording installs r to record the loop's tasks.
func WithRecording(r Recording) Option {
	return func(l *Loop) { l.recordings = append(l.recordings, r) }
}

// WithErrorHandler sets what the loop does with a panic in a callback (a
// CallSoon function, a done callback): the loop recovers it, hands it to fn as
// a *coro.PanicError, and goes on. The default logs it with slog.
func WithErrorHandler(fn func(error)) Option {
	return func(l *Loop) { l.onError = fn }
}

func logError(err error) {
	slog.Error("loop: callback panicked", "err", err)
}

// DefaultShutdownTimeout is how long, by default, loop.Run lets the tasks it
// cancels at the end and the streams closing gracefully finish before it
// closes the loop and abandons what is left.
const DefaultShutdownTimeout = 10 * time.Second

// WithShutdownTimeout sets how long loop.Run lets the tasks it cancels once
// main is done, and the streams still sending what was written, finish: their
// cleanup may sleep, await I/O or other tasks. The time is the loop's, so a
// virtual clock reaches it at once when nothing else is left to wait for.
// What is left then is abandoned and reported through the logger. 0 abandons
// at once whatever cannot end without waiting. asyncio.run waits without end.
func WithShutdownTimeout(d time.Duration) Option {
	return func(l *Loop) { l.shutdownTimeout = d }
}
