package loop_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// logTo returns a logger that writes to b in text form, without times.
func logTo(b *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// TestLostErrorIsReported: a task that fails and that nobody awaits is
// reported at close, with where it was spawned (WithDebug); one whose error is
// awaited, or fetched with Result, is not.
func TestLostErrorIsReported(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 0, errors.New("nobody hears me") }), coro.WithName("lonely"))
		seen := coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 0, errors.New("awaited") }))
		late := coro.Spawn(yield, coro.Func[int](func(Y) (int, error) { return 0, errors.New("read later") }))
		seen.Await(yield)
		coro.Sleep(0).Await(yield)
		late.Result()
		return struct{}{}, nil
	}), loop.WithVirtualClock(), loop.WithLogger(logTo(&log)), loop.WithDebug(0))
	if err != nil {
		t.Fatal(err)
	}
	out := log.String()
	if !strings.Contains(out, `msg="loop: task failed and nobody awaited it" task=lonely err="nobody hears me"`) ||
		!strings.Contains(out, "debug_test.go:") {
		t.Errorf("no report of the lost error, with its spawn site:\n%s", out)
	}
	if strings.Contains(out, "awaited\"") || strings.Contains(out, "read later") {
		t.Errorf("an error that was seen is reported as lost:\n%s", out)
	}
}

// TestPendingAtCloseIsReported: tasks still pending when a loop closes are
// reported with what they wait on.
func TestPendingAtCloseIsReported(t *testing.T) {
	var log bytes.Buffer
	l := loop.New(loop.WithVirtualClock(), loop.WithLogger(logTo(&log)))
	f := new(coro.Future[int])
	loop.Start(l, coro.Func[int](f.Await), coro.WithName("stuck"))
	if _, err := loop.RunUntilComplete(l, sleepFor(0)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if want := `level=WARN msg="loop: task still pending at close" task=stuck state=waiting awaiting=Future[int]`; !strings.Contains(log.String(), want) {
		t.Errorf("log:\n%s\nwant a line with %s", log.String(), want)
	}
}

// TestSlowStepIsReported: a step that holds the loop longer than the
// threshold is reported, with the task and what it awaits next.
func TestSlowStepIsReported(t *testing.T) {
	var log bytes.Buffer
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		hog := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			for start := time.Now(); time.Since(start) < 20*time.Millisecond; {
			} // blocks the loop
			coro.Sleep(time.Second).Await(yield)
		}), coro.WithName("hog"))
		hog.Await(yield)
		return struct{}{}, nil
	}), loop.WithVirtualClock(), loop.WithLogger(logTo(&log)), loop.WithDebug(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	out := log.String()
	if !strings.Contains(out, `msg="loop: slow step" task=hog`) || !strings.Contains(out, `"then awaits"=Sleep(1s)`) ||
		!strings.Contains(out, `"yielded at"="github.com/corio-go/corio/loop_test.TestSlowStepIsReported.func1.1 (debug_test.go:`) {
		t.Errorf("no slow-step report for hog:\n%s", out)
	}
	if strings.Contains(out, "task=Task-1") {
		t.Errorf("main's quick steps are reported as slow:\n%s", out)
	}
}

// recorder is an Instrument that records every call, for the test of the
// hooks.
type recorder struct{ events []string }

func (r *recorder) TaskSpawned(t, p coro.TaskRef) {
	parent := "-"
	if !p.IsZero() {
		parent = p.Name()
	}
	r.events = append(r.events, "spawned "+t.Name()+" by "+parent)
}
func (r *recorder) TaskScheduled(t coro.TaskRef) { r.events = append(r.events, "scheduled "+t.Name()) }
func (r *recorder) StepStarted(t coro.TaskRef)   { r.events = append(r.events, "step "+t.Name()) }
func (r *recorder) StepEnded(t coro.TaskRef) {
	r.events = append(r.events, "end "+t.Name()+" awaiting "+t.Awaiting())
}
func (r *recorder) TaskExited(t coro.TaskRef, err error) {
	r.events = append(r.events, "exited "+t.Name()+" "+errString(err))
}

func TestInstrumentHooks(t *testing.T) {
	rec := new(recorder)
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		child := coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Second).Await(yield)
		}), coro.WithName("child"))
		_, err := child.Await(yield)
		return struct{}{}, err
	}), loop.WithVirtualClock(), loop.WithInstrument(rec))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"spawned Task-1 by -",
		"step Task-1",
		"spawned child by Task-1",
		"end Task-1 awaiting Task[struct {}] child",
		"step child",
		"end child awaiting Sleep(1s)",
		"scheduled child",
		"step child",
		"end child awaiting ",
		"scheduled Task-1", // the child's completion wakes main, then it exits
		"exited child <nil>",
		"step Task-1",
		"end Task-1 awaiting ",
		"exited Task-1 <nil>",
	}
	if diff := cmp.Diff(want, rec.events); diff != "" {
		t.Errorf("hook calls (-want +got):\n%s", diff)
	}
}

func TestDump(t *testing.T) {
	l := newLoop(t, loop.WithDebug(0), loop.WithLogger(logTo(new(bytes.Buffer))))
	var dump string
	_, err := loop.RunUntilComplete(l, coro.Coroutine(func(yield Y) {
		leaf := coro.Spawn(yield, coro.Coroutine(func(yield Y) { coro.Sleep(time.Hour).Await(yield) }), coro.WithName("leaf"))
		waiter := coro.Spawn(yield, coro.Coroutine(func(yield Y) { leaf.Await(yield) }), coro.WithName("waiter"))
		coro.Sleep(0).Await(yield)
		var b strings.Builder
		loop.Current(yield).Dump(&b)
		dump = b.String()
		leaf.Cancel(nil)
		waiter.Await(yield)
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"live tasks (3):",
		"  leaf (waiting on Sleep(1h0m0s)) for 0s at github.com/corio-go/corio/loop_test.TestDump.func1.1 (debug_test.go:",
		"spawned at github.com/corio-go/corio/loop_test.TestDump.func1 (debug_test.go:",
		"  waiter (waiting on Task[struct {}] leaf) for 0s at",
		"awaited by:\n  Task-1\n  leaf\n    waiter\n",
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("dump lacks %q:\n%s", want, dump)
		}
	}
	// From another goroutine: the loop must run to answer.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.DumpThreadsafe(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("DumpThreadsafe of a loop that does not run: %v", err)
	}
}

// TestManyPendingAtCloseAreSummed: past 20 pending tasks, Close reports how
// many more there are instead of a line each.
func TestManyPendingAtCloseAreSummed(t *testing.T) {
	var log bytes.Buffer
	l := loop.New(loop.WithVirtualClock(), loop.WithLogger(logTo(&log)))
	f := new(coro.Future[int])
	for range 25 {
		loop.Start(l, coro.Func[int](f.Await))
	}
	loop.RunUntilComplete(l, sleepFor(0))
	l.Close()
	if n := strings.Count(log.String(), "task still pending at close"); n != 20 {
		t.Errorf("%d pending tasks reported one by one, want 20", n)
	}
	if !strings.Contains(log.String(), `msg="loop: more tasks still pending at close" count=5`) {
		t.Errorf("no summary of the 5 others:\n%s", log.String())
	}
}

func TestSequenceWriteFormats(t *testing.T) {
	seq := loop.NewSequence()
	var puml, mmd bytes.Buffer
	if err := seq.Write(&puml, "plantuml"); err != nil || !strings.HasPrefix(puml.String(), "@startuml") {
		t.Errorf("plantuml: %q, %v", puml.String(), err)
	}
	if err := seq.Write(&mmd, "mermaid"); err != nil || !strings.HasPrefix(mmd.String(), "sequenceDiagram") {
		t.Errorf("mermaid: %q, %v", mmd.String(), err)
	}
	if err := seq.Write(new(bytes.Buffer), "svg"); err == nil {
		t.Error("an unknown format is no error")
	}
}
