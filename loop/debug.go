package loop

import (
	"slices"

	"github.com/corio-go/corio/internal/stack"

	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/corio-go/corio/coro"
)

// WithLogger sets where the loop reports what would otherwise be lost: tasks
// that failed with nobody awaiting them, tasks still pending at Close, slow
// steps (WithDebug). The default is slog.Default().
func WithLogger(logger *slog.Logger) Option {
	return func(l *Loop) { l.logger = logger }
}

// WithDebug turns on asyncio's debug mode: the loop notes where each task was
// spawned (for task dumps and for the reports of lost errors and pending
// tasks), and reports through its logger every step that holds the loop for
// longer than slow, with the task's name and what it awaits next.
func WithDebug(slow time.Duration) Option {
	return func(l *Loop) {
		l.debug = &debugger{l: l, slow: slow, sites: map[uint64]string{}, began: map[uint64]time.Time{}, since: map[uint64]time.Duration{}}
	}
}

func (l *Loop) log() *slog.Logger {
	if l.logger == nil {
		return slog.Default()
	}
	return l.logger
}

// debugger is the instrument of WithDebug.
type debugger struct {
	l     *Loop
	slow  time.Duration
	sites map[uint64]string // where each live task was spawned
	began map[uint64]time.Time
	since map[uint64]time.Duration // when each task last changed state, on the loop's clock
}

func (d *debugger) TaskSpawned(t, _ coro.TaskRef) {
	d.sites[t.ID()] = callSite()
	d.since[t.ID()] = d.l.Now()
}
func (d *debugger) TaskScheduled(coro.TaskRef) {}
func (d *debugger) StepStarted(t coro.TaskRef) {
	d.began[t.ID()] = time.Now()
	d.since[t.ID()] = d.l.Now()
}

func (d *debugger) StepEnded(t coro.TaskRef) {
	took := time.Since(d.began[t.ID()])
	delete(d.began, t.ID())
	d.since[t.ID()] = d.l.Now()
	if d.slow > 0 && took > d.slow {
		next, at := t.Awaiting(), t.YieldedAt()
		if next == "" {
			next, at = "(it ended)", ""
		}
		d.l.log().Warn("loop: slow step", "task", t.Name(), "took", took, "then awaits", next, "yielded at", at, "spawned at", d.sites[t.ID()])
	}
}

func (d *debugger) TaskExited(t coro.TaskRef, _ error) {
	delete(d.since, t.ID())
	if t.Err() == nil || t.Seen() {
		delete(d.sites, t.ID()) // a lost error still wants its spawn site at close
	}
}

// site returns where the task was spawned, if the loop knows.
func (l *Loop) site(t coro.TaskRef) string {
	if l.debug == nil {
		return "(loop.WithDebug records it)"
	}
	return l.debug.sites[t.ID()]
}

// callSite returns the first caller outside packages coro and loop: the code
// that spawned a task.
func callSite() string {
	f, ok := stack.Outside(1, coroPrefix, loopPrefix)
	if !ok {
		return "unknown"
	}
	return fmt.Sprintf("%s (%s:%d)", f.Function, filepath.Base(f.File), f.Line)
}

// coroPrefix and loopPrefix begin the names of the functions of packages coro
// and loop.
var (
	coroPrefix = stack.Prefix(coro.Sleep)
	loopPrefix = stack.Prefix(New)
)

// reportLost reports a task that failed and that nothing awaited: at close,
// or earlier when too many such tasks pile up (coro.TaskSet.OnLost).
func (l *Loop) reportLost(t coro.TaskRef) {
	l.log().Error("loop: task failed and nobody awaited it", "task", t.Name(), "err", t.Err(), "spawned at", l.site(t))
}

// maxReported bounds how many pending tasks Close reports one by one.
const maxReported = 20

// reportAtClose logs the errors nobody saw and the tasks still pending (the
// first maxReported of them, then how many more).
func (l *Loop) reportAtClose() {
	for _, t := range l.tasks.Unseen() {
		l.reportLost(t)
	}
	pending := l.tasks.Refs()
	for i, t := range pending {
		if i == maxReported {
			l.log().Warn("loop: more tasks still pending at close", "count", len(pending)-maxReported)
			break
		}
		l.log().Warn("loop: task still pending at close", "task", t.Name(), "state", t.State(), "awaiting", t.Awaiting(), "spawned at", l.site(t))
	}
}

// instrument installs the loop's instruments, WithDebug's first.
func (l *Loop) instrument() {
	ins := slices.Clone(l.instruments)
	if l.debug != nil {
		ins = append([]coro.Instrument{l.debug}, ins...)
	}
	for _, r := range l.recordings {
		ins = append(ins, r.instrument(l.Now))
	}
	if len(ins) > 0 {
		l.tasks.SetInstrument(&guarded{ins: ins, report: func(err error) { l.onError(err) }})
	}
}

// guarded is the loop's instruments as one: each hook is called on each, in
// order, and a panic in one is recovered and reported as a callback's panic
// is (WithErrorHandler), so that a faulty instrument cannot wedge the task
// it watches.
type guarded struct {
	ins    []coro.Instrument
	report func(error)
}

func (g *guarded) each(hook func(coro.Instrument)) {
	for _, in := range g.ins {
		g.call(in, hook)
	}
}

func (g *guarded) call(in coro.Instrument, hook func(coro.Instrument)) {
	defer func() {
		if r := recover(); r != nil {
			g.report(fmt.Errorf("loop: instrument %T panicked: %w", in,
				&coro.PanicError{Value: r, Stack: debug.Stack()}))
		}
	}()
	hook(in)
}

func (g *guarded) TaskSpawned(t, p coro.TaskRef) {
	g.each(func(in coro.Instrument) { in.TaskSpawned(t, p) })
}
func (g *guarded) TaskScheduled(t coro.TaskRef) {
	g.each(func(in coro.Instrument) { in.TaskScheduled(t) })
}
func (g *guarded) StepStarted(t coro.TaskRef) {
	g.each(func(in coro.Instrument) { in.StepStarted(t) })
}
func (g *guarded) StepEnded(t coro.TaskRef) {
	g.each(func(in coro.Instrument) { in.StepEnded(t) })
}
func (g *guarded) TaskExited(t coro.TaskRef, err error) {
	g.each(func(in coro.Instrument) { in.TaskExited(t, err) })
}

// Dump writes every live task: its name, its state, what it awaits, and where
// it was spawned (with WithDebug); then, as a tree, which task awaits which
// (Python 3.14's asyncio ps and pstree). Call it on the loop's goroutine; from
// another goroutine, use DumpThreadsafe.
func (l *Loop) Dump(w io.Writer) error {
	refs := l.tasks.Refs()
	var b strings.Builder
	fmt.Fprintf(&b, "live tasks (%d):\n", len(refs))
	awaitedBy := map[uint64][]coro.TaskRef{}
	awaits := map[uint64]bool{}
	for _, t := range refs {
		line := "  " + t.Name() + " (" + t.State()
		if a := t.Awaiting(); a != "" {
			line += " on " + a
		}
		line += ")"
		if l.debug != nil {
			if since, ok := l.debug.since[t.ID()]; ok {
				line += " for " + (l.Now() - since).String()
			}
			if at := t.YieldedAt(); at != "" && t.Awaiting() != "" {
				line += " at " + at
			}
			line += ", spawned at " + l.site(t)
		}
		b.WriteString(line + "\n")
		if other, ok := t.AwaitingTask(); ok {
			awaitedBy[other.ID()] = append(awaitedBy[other.ID()], t)
			awaits[t.ID()] = true
		}
	}
	// The tree: each task that no live task awaits is a root; under each
	// task, the tasks that await it.
	b.WriteString("awaited by:\n")
	var walk func(t coro.TaskRef, depth int)
	walk = func(t coro.TaskRef, depth int) {
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth+1), t.Name())
		for _, waiter := range awaitedBy[t.ID()] {
			walk(waiter, depth+1)
		}
	}
	for _, t := range refs {
		if !awaits[t.ID()] {
			walk(t, 0)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DumpThreadsafe returns Dump's text from any goroutine: the loop writes it
// in its next turn. It fails with ctx's error if the loop does not run before
// ctx is done, and with coro.ErrClosed if the loop is closed.
func (l *Loop) DumpThreadsafe(ctx context.Context) (string, error) {
	out := make(chan string, 1)
	if err := l.CallSoonThreadsafe(func() {
		var b strings.Builder
		l.Dump(&b)
		out <- b.String()
	}); err != nil {
		return "", err
	}
	select {
	case s := <-out:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
