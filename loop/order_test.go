// The ordering tests. testdata/order holds small CPython 3.11 asyncio
// programs, NAME.py, each pinning one rule of asyncio's order of events, and
// NAME.out, the lines CPython printed. The .out files are regenerated with
//
//	bash loop/testdata/order/regen.sh
//
// which runs each program several times with CPython 3.11 (python3, or
// $PYTHON) and checks that it is deterministic.
//
// orderPorts holds a Go port of every program, written with corio as a
// faithful translation of the Python: the same coroutines, the same prints,
// create_task as coro.Spawn, gather as coro.Gather (GatherAll for
// return_exceptions=True), sleep(0) as coro.Yield, call_soon and call_later
// as the loop's CallSoon and CallLater, try/finally as defer. Each port must
// print exactly the lines of NAME.out. Python's own spellings (True, a list's
// repr, an exception's class name) are formatted in the port, so the text is
// the same too.
//
// The only exception is where corio differs from asyncio on purpose, as the
// README documents (Gather cancels the siblings of a failed child;
// cancellation is level-triggered): NAME.corio.out then holds corio's output,
// the test compares against it instead, and the port's entry in orderPorts
// says which lines differ and why.
//
// Errors Python would catch or propagate are checked; the errors of sleeps in
// coroutines that nothing cancels are not, as in the package examples.

package loop_test

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// port is the Go port of a program's main: it prints to w, and its error is
// what Python's main would raise.
type port func(w io.Writer, yield Y) error

// orderPorts maps NAME to the port of testdata/order/NAME.py.
var orderPorts = map[string]port{
	"await_coro_vs_task":           awaitCoroVsTask,
	"await_task":                   awaitTask,
	"barrier_cancel_woken":         barrierCancelWoken,
	"barrier_next_round":           barrierNextRound,
	"barrier_rounds":               barrierRounds,
	"bounded_semaphore":            boundedSemaphore,
	"call_later_vs_sleep_distinct": callLaterVsSleepDistinct,
	"call_later_vs_sleep_tie":      callLaterVsSleepTie,
	"call_soon_args_nested":        callSoonArgsNested,
	"call_soon_vs_tasks":           callSoonVsTasks,
	"cancel_before_start":          cancelBeforeStart,
	"cancel_during_sleep":          cancelDuringSleep,
	"cancel_gather":                cancelGather,
	"condition_notify":             conditionNotify,
	// cancel_swallowed.corio.out: cancellation is level-triggered. asyncio
	// delivers the cancellation once, so stubborn swallows it, its sleep(0)
	// succeeds and it returns "survived". In corio its sleep(0) fails too:
	// stubborn raises the CancelledError, the task ends cancelled, and main's
	// await of it raises. So the last two lines of cancel_swallowed.out
	// ("stubborn returning", "main got survived ...") are replaced by the error
	// loop.Run returns.
	"cancel_swallowed":          cancelSwallowed,
	"done_callbacks":            doneCallbacks,
	"event_cancel_woken":        eventCancelWoken,
	"event_set_clear":           eventSetClear,
	"exception_propagation":     exceptionPropagation,
	"future_exception_cancel":   futureExceptionCancel,
	"future_wakes_waiters":      futureWakesWaiters,
	"gather_error_default":      gatherErrorDefault,
	"gather_nested":             gatherNested,
	"gather_result_order":       gatherResultOrder,
	"gather_return_exceptions":  gatherReturnExceptions,
	"lock_cancel":               lockCancel,
	"lock_fifo":                 lockFIFO,
	"queue_bounded":             queueBounded,
	"queue_cancel_put":          queueCancelPut,
	"queue_cancel_woken_getter": queueCancelWokenGetter,
	"semaphore_fifo":            semaphoreFIFO,
	"semaphore_woken_first":     semaphoreWokenFirst,
	"timeouts":                  timeouts,
	"wait_modes":                waitModes,
	"queue_kinds_join":          queueKindsJoin,
	"taskgroup_child_fails":     taskgroupChildFails,
	"taskgroup_ok":              taskgroupOK,
	"sleep0_main_and_tasks":     sleep0MainAndTasks,
	"sleep0_round_robin":        sleep0RoundRobin,
	"sleep_durations":           sleepDurations,
	"sleep_ties":                sleepTies,
	"task_error_unawaited":      taskErrorUnawaited,
	"task_in_task":              taskInTask,
	"two_await_same_task":       twoAwaitSameTask,
}

const orderDir = "testdata/order"

func TestOrderMatchesAsyncio(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(orderPorts)) {
		main := orderPorts[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each port runs on a loop of its own and shares nothing
			file := name + ".corio.out"
			want, err := os.ReadFile(filepath.Join(orderDir, file))
			if errors.Is(err, os.ErrNotExist) {
				file = name + ".out"
				want, err = os.ReadFile(filepath.Join(orderDir, file))
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(lines(string(want)), runPort(main)); diff != "" {
				t.Errorf("the port prints other lines than %s (-%s +corio):\n%s", file, file, diff)
			}
		})
	}
}

// runPort runs main with loop.Run on a virtual clock and returns the lines it
// printed. If main fails, the error loop.Run returns is the last line: where
// Python would print a traceback, which regen.sh does not accept in a .out.
func runPort(main port) []string {
	var out strings.Builder
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		return struct{}{}, main(&out, yield)
	}), loop.WithVirtualClock())
	if err != nil {
		fmt.Fprintf(&out, "loop.Run: %v\n", err)
	}
	return lines(out.String())
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// TestOrderProgramsHavePorts fails when a program in testdata/order has no
// port (add one to orderPorts), when a port has no program, and when a
// NAME.corio.out has no program or no longer differs from NAME.out.
func TestOrderProgramsHavePorts(t *testing.T) {
	progs, err := filepath.Glob(filepath.Join(orderDir, "*.py"))
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) == 0 {
		t.Fatalf("no programs in %s", orderDir)
	}
	have := map[string]bool{}
	for _, p := range progs {
		name := strings.TrimSuffix(filepath.Base(p), ".py")
		have[name] = true
		if _, ok := orderPorts[name]; !ok {
			t.Errorf("%s.py has no Go port in orderPorts", name)
		}
		if _, err := os.Stat(filepath.Join(orderDir, name+".out")); err != nil {
			t.Errorf("%s.py has no output: run bash loop/testdata/order/regen.sh %s (%v)", name, name, err)
		}
	}
	for name := range orderPorts {
		if !have[name] {
			t.Errorf("orderPorts has %q, but there is no %s.py", name, name)
		}
	}
	outs, err := filepath.Glob(filepath.Join(orderDir, "*.corio.out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range outs {
		name := strings.TrimSuffix(filepath.Base(p), ".corio.out")
		if !have[name] {
			t.Errorf("%s has no %s.py", filepath.Base(p), name)
			continue
		}
		corio, err1 := os.ReadFile(p)
		asyncio, err2 := os.ReadFile(filepath.Join(orderDir, name+".out"))
		if err1 == nil && err2 == nil && string(corio) == string(asyncio) {
			t.Errorf("%s.corio.out is the same as %s.out: delete it", name, name)
		}
	}
}

// Python's spellings, for the ports.

// pyBool is str(b).
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// repr is repr(v) for the values the programs print: strings, ints and lists.
func repr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case string:
		return "'" + v + "'"
	case error:
		return fmt.Sprint(v)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice { // a list, of any element type
		items := make([]string, rv.Len())
		for i := range items {
			items[i] = repr(rv.Index(i).Interface())
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// inPlace puts each child's error in its value's place, as asyncio's
// gather(..., return_exceptions=True) returns them.
func inPlace(values []any, errs []error) []any {
	for i, err := range errs {
		if err != nil {
			values[i] = err
		}
	}
	return values
}

// seconds is str(d) for a delay Python gives as a float of seconds.
func seconds(d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// cancelMsg is str(e) for a CancelledError: the message given to cancel().
func cancelMsg(err error) string {
	var ce *coro.CancelError
	if !errors.As(err, &ce) || ce.Cause == nil {
		return ""
	}
	return ce.Cause.Error()
}

// pyExc is a Python exception: raise ValueError("boom") is
// raise("ValueError", "boom"), and except ValueError as e is
// e, ok := caught(err, "ValueError").
type pyExc struct {
	class, msg string
	cause      error // raise ... from cause
}

func (e *pyExc) Error() string { return e.msg }
func (e *pyExc) Unwrap() error { return e.cause }

func raise(class, msg string) error { return &pyExc{class: class, msg: msg} }

func raiseFrom(class, msg string, cause error) error {
	return &pyExc{class: class, msg: msg, cause: cause}
}

// caught reports whether err is a Python exception of class.
func caught(err error, class string) (*pyExc, bool) {
	var e *pyExc
	if errors.As(err, &e) && e.class == class {
		return e, true
	}
	return nil, false
}

// awaitables is Python's *tasks, for Gather.
func awaitables[T any](tasks []*coro.Task[T]) []coro.Awaitable {
	a := make([]coro.Awaitable, len(tasks))
	for i, t := range tasks {
		a[i] = t
	}
	return a
}

// The ports, one per program, in the order of the directory. Each one's
// comment is the program's.

// awaitCoroVsTask: await other() runs inline in the caller's step (no loop
// round trip), while await create_task(other()) runs only after already-queued
// callbacks.
func awaitCoroVsTask(w io.Writer, yield Y) error {
	other := func(tag string) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "other %s runs\n", tag)
			return tag, nil
		}
	}
	otherSuspends := func(tag string) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "other %s before sleep(0)\n", tag)
			coro.Sleep(0).Await(yield)
			fmt.Fprintf(w, "other %s after sleep(0)\n", tag)
			return tag, nil
		}
	}

	l := loop.Current(yield)

	fmt.Fprintln(w, "-- direct await")
	l.CallSoon(func() { fmt.Fprintln(w, "cb 1") })
	r, err := other("direct").Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)
	coro.Sleep(0).Await(yield)

	fmt.Fprintln(w, "-- task await")
	l.CallSoon(func() { fmt.Fprintln(w, "cb 2") })
	r, err = coro.Spawn(yield, other("task"), coro.WithName("task")).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)

	fmt.Fprintln(w, "-- direct await of a coroutine that suspends")
	l.CallSoon(func() { fmt.Fprintln(w, "cb 3") })
	r, err = otherSuspends("direct2").Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)

	fmt.Fprintln(w, "-- task await of a coroutine that suspends")
	l.CallSoon(func() { fmt.Fprintln(w, "cb 4") })
	r, err = coro.Spawn(yield, otherSuspends("task2"), coro.WithName("task2")).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)
	return nil
}

// awaitTask: a task awaiting another task resumes one loop hop after the
// awaited task finishes (after callbacks already queued).
func awaitTask(w io.Writer, yield Y) error {
	worker := coro.Func[int](func(yield Y) (int, error) {
		fmt.Fprintln(w, "worker start")
		coro.Sleep(10 * time.Millisecond).Await(yield)
		fmt.Fprintln(w, "worker before return")
		loop.Current(yield).CallSoon(func() { fmt.Fprintln(w, "cb scheduled by worker") })
		return 42, nil
	})
	waiter := func(t *coro.Task[int]) coro.Func[int] {
		return func(yield Y) (int, error) {
			fmt.Fprintln(w, "waiter start")
			r, err := t.Await(yield)
			if err != nil {
				return 0, err
			}
			fmt.Fprintf(w, "waiter got %d\n", r)
			return r + 1, nil
		}
	}

	wt := coro.Spawn(yield, worker, coro.WithName("worker"))
	v := coro.Spawn(yield, waiter(wt), coro.WithName("waiter"))
	r, err := v.Await(yield)
	if err != nil {
		return err
	}
	result, err := wt.Result()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %d worker done=%s result=%d\n", r, pyBool(wt.Done()), result)
	return nil
}

// callLaterVsSleepDistinct: call_later/call_at callbacks and sleeps with
// distinct deadlines run strictly in deadline order, regardless of the order
// they were set.
func callLaterVsSleepDistinct(w io.Writer, yield Y) error {
	cb := func(tag string) func() {
		return func() { fmt.Fprintf(w, "cb %s\n", tag) }
	}
	sleeper := func(name string, d time.Duration) coro.Coroutine {
		return func(yield Y) {
			fmt.Fprintf(w, "%s sleeps %s\n", name, seconds(d))
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s woke\n", name)
		}
	}

	l := loop.Current(yield)
	l.CallLater(40*time.Millisecond, cb("later 0.04"))
	l.CallAt(l.Now()+20*time.Millisecond, cb("at 0.02"))
	l.CallLater(60*time.Millisecond, cb("later 0.06"))
	l.CallAt(l.Now()+90*time.Millisecond, cb("at 0.09"))
	// Tasks start one loop iteration later; their deadlines differ from the
	// callbacks' deadlines by at least 10 ms.
	_, err := coro.Gather(
		sleeper("S1", 50*time.Millisecond),
		sleeper("S2", 10*time.Millisecond),
		sleeper("S3", 70*time.Millisecond),
	).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "gather done")
	coro.Sleep(30 * time.Millisecond).Await(yield)
	fmt.Fprintln(w, "main end")
	return nil
}

// callLaterVsSleepTie: a timer callback and a sleep with the same delay: the
// callback runs before the sleeping task resumes, even when the sleep was set
// first (a sleep's wake-up costs one extra loop hop).
func callLaterVsSleepTie(w io.Writer, yield Y) error {
	cb := func(tag string) func() {
		return func() { fmt.Fprintf(w, "cb %s\n", tag) }
	}

	l := loop.Current(yield)

	fmt.Fprintln(w, "round 1: call_later then sleep, same step")
	l.CallLater(10*time.Millisecond, cb("later-1"))
	coro.Sleep(10 * time.Millisecond).Await(yield)
	fmt.Fprintln(w, "main woke 1")

	fmt.Fprintln(w, "round 2: call_at then sleep, same step")
	l.CallAt(l.Now()+10*time.Millisecond, cb("at-2"))
	coro.Sleep(10 * time.Millisecond).Await(yield)
	fmt.Fprintln(w, "main woke 2")

	fmt.Fprintln(w, "round 3: sleep set first, call_later right after in the same loop iteration")

	sleeper := coro.Coroutine(func(yield Y) {
		fmt.Fprintln(w, "sleeper sets sleep")
		coro.Sleep(10 * time.Millisecond).Await(yield)
		fmt.Fprintln(w, "sleeper woke 3")
	})

	setTimer := func() {
		fmt.Fprintln(w, "set_timer sets call_later")
		l.CallLater(10*time.Millisecond, cb("later-3"))
	}

	s := coro.Spawn(yield, sleeper, coro.WithName("sleeper"))
	l.CallSoon(setTimer)
	if _, err := s.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main after sleeper 3")
	return nil
}

// callSoonArgsNested: call_soon passes *args; a callback scheduled from inside
// a callback runs after everything already queued (next loop iteration).
func callSoonArgsNested(w io.Writer, yield Y) error {
	var cb func(l *loop.Loop, tag string, depth int)
	cb = func(l *loop.Loop, tag string, depth int) {
		fmt.Fprintf(w, "cb %s depth=%d\n", tag, depth)
		if depth < 2 {
			l.CallSoon(func() { cb(l, tag, depth+1) })
		}
	}

	l := loop.Current(yield)
	l.CallSoon(func() { cb(l, "x", 0) })
	l.CallSoon(func() { cb(l, "y", 0) })
	l.CallSoon(func() { fmt.Fprintln(w, "plain", "print", "args") })
	fmt.Fprintln(w, "main yields")
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main resumed 1")
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main resumed 2")
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main resumed 3")
	return nil
}

// callSoonVsTasks: call_soon callbacks and task steps share one FIFO ready
// queue; interleaving of callbacks with create_task first steps and sleep(0)
// resumptions.
func callSoonVsTasks(w io.Writer, yield Y) error {
	cb := func(tag any) func() {
		return func() { fmt.Fprintf(w, "cb %v\n", tag) }
	}
	worker := func(name string, l *loop.Loop) coro.Coroutine {
		return func(yield Y) {
			fmt.Fprintf(w, "%s step 1\n", name)
			l.CallSoon(cb("from " + name + " step 1"))
			coro.Sleep(0).Await(yield)
			fmt.Fprintf(w, "%s step 2\n", name)
			l.CallSoon(cb("from " + name + " step 2"))
			coro.Sleep(0).Await(yield)
			fmt.Fprintf(w, "%s step 3\n", name)
		}
	}

	l := loop.Current(yield)
	l.CallSoon(cb(1))
	a := coro.Spawn(yield, worker("A", l), coro.WithName("A"))
	l.CallSoon(cb(2))
	b := coro.Spawn(yield, worker("B", l), coro.WithName("B"))
	l.CallSoon(cb(3))
	fmt.Fprintln(w, "main before sleep(0)")
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main after sleep(0)")
	l.CallSoon(cb(4))
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main after second sleep(0)")
	if _, err := a.Await(yield); err != nil {
		return err
	}
	if _, err := b.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// cancelBeforeStart: cancelling a task before its first step; its body
// (including try/finally) never runs, it ends cancelled; a sibling created
// earlier still runs first.
func cancelBeforeStart(w io.Writer, yield Y) error {
	body := func(name string) coro.Func[string] {
		return func(yield Y) (string, error) {
			defer fmt.Fprintf(w, "%s finally\n", name)
			fmt.Fprintf(w, "%s body runs\n", name)
			if _, err := coro.Sleep(0).Await(yield); err != nil {
				return "", err
			}
			fmt.Fprintf(w, "%s body end\n", name)
			return name, nil
		}
	}

	a := coro.Spawn(yield, body("A"), coro.WithName("A"))
	b := coro.Spawn(yield, body("B"), coro.WithName("B"))
	fmt.Fprintf(w, "cancel B -> %s\n", pyBool(b.Cancel(errors.New("early"))))
	fmt.Fprintf(w, "B done=%s cancelled=%s\n", pyBool(b.Done()), pyBool(b.Cancelled()))
	for _, tn := range []struct {
		t    *coro.Task[string]
		name string
	}{{a, "A"}, {b, "B"}} {
		r, err := tn.t.Await(yield)
		switch {
		case errors.Is(err, coro.ErrCancelled):
			fmt.Fprintf(w, "await %s raised CancelledError\n", tn.name)
		case err != nil:
			return err
		default:
			fmt.Fprintf(w, "await %s -> %s\n", tn.name, r)
		}
	}
	fmt.Fprintf(w, "A cancelled=%s B cancelled=%s\n", pyBool(a.Cancelled()), pyBool(b.Cancelled()))
	return nil
}

// cancelDuringSleep: cancelling a task blocked in sleep; its except
// CancelledError / finally run on its next step, then the awaiter sees
// CancelledError; task state afterwards.
func cancelDuringSleep(w io.Writer, yield Y) error {
	victim := coro.Coroutine(func(yield Y) {
		fmt.Fprintln(w, "victim start")
		defer fmt.Fprintln(w, "victim finally")
		if _, err := coro.Sleep(50 * time.Millisecond).Await(yield); errors.Is(err, coro.ErrCancelled) {
			fmt.Fprintf(w, "victim caught CancelledError msg=%s\n", cancelMsg(err))
			return // raise: the task ends cancelled
		}
		fmt.Fprintln(w, "victim not reached")
	})

	t := coro.Spawn(yield, victim, coro.WithName("victim"))
	coro.Sleep(10 * time.Millisecond).Await(yield)
	fmt.Fprintf(w, "main cancel -> %s\n", pyBool(t.Cancel(errors.New("stop"))))
	fmt.Fprintf(w, "after cancel() done=%s cancelled=%s\n", pyBool(t.Done()), pyBool(t.Cancelled()))
	if _, err := t.Await(yield); errors.Is(err, coro.ErrCancelled) {
		fmt.Fprintln(w, "main caught CancelledError")
	} else if err != nil {
		return err
	}
	fmt.Fprintf(w, "victim done=%s cancelled=%s\n", pyBool(t.Done()), pyBool(t.Cancelled()))
	fmt.Fprintf(w, "cancel again -> %s\n", pyBool(t.Cancel(errors.New("again"))))
	if _, err := t.Result(); errors.Is(err, coro.ErrCancelled) {
		fmt.Fprintln(w, "result() raised CancelledError")
	} else if err != nil {
		return err
	}
	return nil
}

// cancelGather: cancelling the task that awaits a gather cancels every pending
// child; children clean up in argument order, already finished children keep
// their result.
func cancelGather(w io.Writer, yield Y) error {
	child := func(name string, d time.Duration) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			defer fmt.Fprintf(w, "%s finally\n", name)
			if _, err := coro.Sleep(d).Await(yield); err != nil {
				if errors.Is(err, coro.ErrCancelled) {
					fmt.Fprintf(w, "%s cancelled\n", name)
				}
				return "", err // raise
			}
			fmt.Fprintf(w, "%s finished\n", name)
			return name, nil
		}
	}
	parent := func(tasks []*coro.Task[string]) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintln(w, "parent awaiting gather")
			defer fmt.Fprintln(w, "parent finally")
			_, err := coro.GatherAny(awaitables(tasks)...).Await(yield)
			if errors.Is(err, coro.ErrCancelled) {
				fmt.Fprintln(w, "parent caught CancelledError")
			}
			return struct{}{}, err // raise
		}
	}

	tasks := []*coro.Task[string]{
		coro.Spawn(yield, child("c1", 50*time.Millisecond), coro.WithName("c1")),
		coro.Spawn(yield, child("c2", 10*time.Millisecond), coro.WithName("c2")),
		coro.Spawn(yield, child("c3", 50*time.Millisecond), coro.WithName("c3")),
	}
	p := coro.Spawn(yield, parent(tasks), coro.WithName("parent"))
	coro.Sleep(20 * time.Millisecond).Await(yield)
	fmt.Fprintf(w, "main cancel parent -> %s\n", pyBool(p.Cancel(nil)))
	if _, err := p.Await(yield); errors.Is(err, coro.ErrCancelled) {
		fmt.Fprintln(w, "main caught CancelledError")
	} else if err != nil {
		return err
	}
	for _, t := range tasks {
		fmt.Fprintf(w, "child cancelled=%s done=%s\n", pyBool(t.Cancelled()), pyBool(t.Done()))
	}
	c2, err := tasks[1].Result()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "c2 result=%s parent cancelled=%s\n", c2, pyBool(p.Cancelled()))
	return nil
}

// cancelSwallowed: a task that catches CancelledError and returns normally is
// not cancelled; its awaiter gets the return value.
//
// Not in corio: see its entry in orderPorts.
func cancelSwallowed(w io.Writer, yield Y) error {
	stubborn := coro.Func[string](func(yield Y) (string, error) {
		fmt.Fprintln(w, "stubborn start")
		if _, err := coro.Sleep(50 * time.Millisecond).Await(yield); errors.Is(err, coro.ErrCancelled) {
			fmt.Fprintf(w, "stubborn caught CancelledError msg=%s\n", cancelMsg(err))
		} else if err != nil {
			return "", err
		}
		fmt.Fprintln(w, "stubborn cleanup sleep(0)")
		if _, err := coro.Sleep(0).Await(yield); err != nil {
			return "", err
		}
		fmt.Fprintln(w, "stubborn returning")
		return "survived", nil
	})

	t := coro.Spawn(yield, stubborn, coro.WithName("stubborn"))
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "main cancel -> %s\n", pyBool(t.Cancel(errors.New("please"))))
	r, err := t.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s cancelled=%s done=%s\n", r, pyBool(t.Cancelled()), pyBool(t.Done()))
	return nil
}

// futureLike is what done_callbacks.py's callbacks read of the future or task
// they are called for.
type futureLike[T any] interface {
	Cancelled() bool
	Result() (T, error)
}

// makeCB is done_callbacks.py's make_cb. A corio done callback takes no
// argument, so it is given the future (or task) f it reports on.
func makeCB[T any](w io.Writer, tag string, f futureLike[T]) func() {
	return func() {
		state := "cancelled"
		if !f.Cancelled() {
			v, _ := f.Result()
			state = fmt.Sprintf("result=%v", v)
		}
		fmt.Fprintf(w, "done cb %s %s\n", tag, state)
	}
}

// doneCallbacks: add_done_callback callbacks on a future and on a task run in
// registration order, one loop hop after completion, interleaved with other
// queued callbacks; a callback added after completion is queued immediately.
func doneCallbacks(w io.Writer, yield Y) error {
	work := coro.Func[int](func(yield Y) (int, error) {
		fmt.Fprintln(w, "work runs")
		coro.Sleep(10 * time.Millisecond).Await(yield)
		fmt.Fprintln(w, "work returns")
		return 7, nil
	})

	l := loop.Current(yield)

	fmt.Fprintln(w, "-- future")
	fut := coro.NewFuture[string](yield)
	fut.AddDoneCallback(makeCB(w, "f1", fut))
	fut.AddDoneCallback(makeCB(w, "f2", fut))
	l.CallSoon(func() { fmt.Fprintln(w, "soon before set_result") })
	fut.SetResult("x")
	l.CallSoon(func() { fmt.Fprintln(w, "soon after set_result") })
	fut.AddDoneCallback(makeCB(w, "f3 (added late)", fut))
	fmt.Fprintln(w, "main after set_result")
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main resumed")

	fmt.Fprintln(w, "-- task")
	t := coro.Spawn(yield, work, coro.WithName("work"))
	t.AddDoneCallback(makeCB(w, "t1", t))
	t.AddDoneCallback(makeCB(w, "t2", t))
	r, err := t.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main awaited task -> %d\n", r)
	t.AddDoneCallback(makeCB(w, "t3 (added late)", t))
	coro.Sleep(0).Await(yield)

	fmt.Fprintln(w, "-- cancelled future")
	cf := coro.NewFuture[string](yield)
	cf.AddDoneCallback(makeCB(w, "c1", cf))
	fmt.Fprintf(w, "cancel -> %s\n", pyBool(cf.Cancel(nil)))
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main end")
	return nil
}

// exceptionPropagation: exceptions raised in nested awaited coroutines and
// tasks propagate through try/except/finally in the expected order.
func exceptionPropagation(w io.Writer, yield Y) error {
	inner := coro.Func[struct{}](func(yield Y) (struct{}, error) {
		defer fmt.Fprintln(w, "inner finally")
		coro.Sleep(0).Await(yield)
		return struct{}{}, raise("LookupError", "missing")
	})
	middle := coro.Func[struct{}](func(yield Y) (struct{}, error) {
		defer fmt.Fprintln(w, "middle finally")
		_, err := inner.Await(yield)
		if e, ok := caught(err, "LookupError"); ok {
			fmt.Fprintf(w, "middle caught %s %v\n", e.class, e)
			return struct{}{}, raiseFrom("RuntimeError", "wrapped", e)
		}
		return struct{}{}, err
	})
	outerTask := coro.Func[struct{}](func(yield Y) (struct{}, error) {
		defer fmt.Fprintln(w, "outer_task finally")
		return middle.Await(yield)
	})

	t := coro.Spawn(yield, outerTask, coro.WithName("outer"))
	_, err := t.Await(yield)
	if e, ok := caught(err, "RuntimeError"); ok {
		fmt.Fprintf(w, "main caught %s %v\n", e.class, e)
		err = nil
	}
	fmt.Fprintln(w, "main finally")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "task done=%s cancelled=%s\n", pyBool(t.Done()), pyBool(t.Cancelled()))
	return nil
}

// futureExceptionCancel: futures completed with set_exception and cancel from
// callbacks; waiters see ValueError / CancelledError; state reported by
// done()/cancelled().
func futureExceptionCancel(w io.Writer, yield Y) error {
	waiter := func(name string, fut *coro.Future[string]) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			defer fmt.Fprintf(w, "%s finally\n", name)
			v, err := fut.Await(yield)
			valueErr, isValueErr := caught(err, "ValueError")
			switch {
			case err == nil:
				fmt.Fprintf(w, "%s got %s\n", name, v)
			case errors.Is(err, coro.ErrCancelled):
				fmt.Fprintf(w, "%s caught CancelledError\n", name)
			case isValueErr:
				fmt.Fprintf(w, "%s caught %s %v\n", name, valueErr.class, valueErr)
			default:
				return struct{}{}, err
			}
			return struct{}{}, nil
		}
	}

	l := loop.Current(yield)
	f1 := coro.NewFuture[string](yield)
	f2 := coro.NewFuture[string](yield)
	t1 := coro.Spawn(yield, waiter("E", f1), coro.WithName("E"))
	t2 := coro.Spawn(yield, waiter("C", f2), coro.WithName("C"))
	l.CallLater(10*time.Millisecond, func() { f1.SetError(raise("ValueError", "bad value")) })
	l.CallLater(20*time.Millisecond, func() { f2.Cancel(nil) })
	if _, err := coro.Gather(t1, t2).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "f1 done=%s cancelled=%s\n", pyBool(f1.Done()), pyBool(f1.Cancelled()))
	fmt.Fprintf(w, "f2 done=%s cancelled=%s\n", pyBool(f2.Done()), pyBool(f2.Cancelled()))
	fmt.Fprintf(w, "t2 cancelled=%s\n", pyBool(t2.Cancelled()))
	if _, err := f1.Result(); err != nil {
		e, ok := caught(err, "ValueError")
		if !ok {
			return err
		}
		fmt.Fprintf(w, "f1.result() raised %s %v\n", e.class, e)
	}
	return nil
}

// futureWakesWaiters: a future completed by set_result from a timer callback
// wakes its waiting tasks in the order they started waiting; the setter's own
// prints come first.
func futureWakesWaiters(w io.Writer, yield Y) error {
	waiter := func(name string, fut *coro.Future[string]) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s waits\n", name)
			v, err := fut.Await(yield)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(w, "%s got %s\n", name, v)
			return name, nil
		}
	}

	l := loop.Current(yield)
	fut := coro.NewFuture[string](yield)

	setter := func() {
		fmt.Fprintln(w, "setter: set_result")
		fut.SetResult("v")
		fmt.Fprintf(w, "setter: done=%s\n", pyBool(fut.Done()))
		l.CallSoon(func() { fmt.Fprintln(w, "cb queued by setter") })
	}

	var tasks []*coro.Task[string]
	for _, n := range []string{"W1", "W2", "W3"} {
		tasks = append(tasks, coro.Spawn(yield, waiter(n, fut), coro.WithName(n)))
	}
	l.CallLater(10*time.Millisecond, setter)
	res, err := coro.GatherAny(awaitables(tasks)...).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	v, err := fut.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "late await -> %s\n", v)
	return nil
}

// gatherErrorDefault: default-mode gather raises the child's exception to the
// awaiter when the failing child is the last to finish; try/except/finally
// order in the awaiter.
func gatherErrorDefault(w io.Writer, yield Y) error {
	ok := func(name string, d time.Duration, v int) coro.Func[int] {
		return func(yield Y) (int, error) {
			fmt.Fprintf(w, "%s start\n", name)
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s ok\n", name)
			return v, nil
		}
	}
	bad := func(name string, d time.Duration) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s start\n", name)
			defer fmt.Fprintf(w, "%s finally\n", name)
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s raising\n", name)
			return struct{}{}, raise("ValueError", "boom from "+name)
		}
	}

	a := coro.Spawn(yield, ok("A", 10*time.Millisecond, 1), coro.WithName("A"))
	b := coro.Spawn(yield, bad("B", 30*time.Millisecond), coro.WithName("B"))
	c := coro.Spawn(yield, ok("C", 20*time.Millisecond, 3), coro.WithName("C"))
	res, err := coro.GatherAny(a, b, c).Await(yield)
	if err == nil {
		fmt.Fprintf(w, "not reached %s\n", repr(res))
	} else if e, isValueErr := caught(err, "ValueError"); isValueErr {
		fmt.Fprintf(w, "caught %s %v\n", e.class, e)
		err = nil
	}
	fmt.Fprintln(w, "main finally")
	if err != nil {
		return err
	}
	ra, err := a.Result()
	if err != nil {
		return err
	}
	rc, err := c.Result()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "A result=%d C result=%d\n", ra, rc)
	fmt.Fprintf(w, "B done=%s cancelled=%s\n", pyBool(b.Done()), pyBool(b.Cancelled()))
	if _, err := b.Result(); err != nil {
		e, isValueErr := caught(err, "ValueError")
		if !isValueErr {
			return err
		}
		fmt.Fprintf(w, "B.result() raised %s %v\n", e.class, e)
	}
	return nil
}

// gatherNested: gather of gathers; children start in argument order, and an
// inner gather used as an argument creates its tasks before the outer gather
// creates its own.
func gatherNested(w io.Writer, yield Y) error {
	child := func(name string) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			coro.Sleep(0).Await(yield)
			fmt.Fprintf(w, "%s end\n", name)
			return name, nil
		}
	}

	fmt.Fprintln(w, "case 1: gather(gather(a, b), gather(c, d))")
	res, err := coro.GatherAny(
		coro.GatherAny(child("a"), child("b")),
		coro.GatherAny(child("c"), child("d")),
	).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	fmt.Fprintln(w, "case 2: gather(e, gather(f, g), h)")
	res, err = coro.GatherAny(child("e"), coro.GatherAny(child("f"), child("g")), child("h")).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	return nil
}

// gatherResultOrder: gather returns results in argument order even though
// children finish in a different order.
func gatherResultOrder(w io.Writer, yield Y) error {
	child := func(name string, d time.Duration, value int) coro.Func[int] {
		return func(yield Y) (int, error) {
			fmt.Fprintf(w, "%s start\n", name)
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s finish\n", name)
			return value, nil
		}
	}

	res, err := coro.Gather(
		child("A", 30*time.Millisecond, 1),
		child("B", 10*time.Millisecond, 2),
		child("C", 20*time.Millisecond, 3),
		child("D", 0, 4),
	).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	return nil
}

// gatherReturnExceptions: gather(return_exceptions=True) waits for every child
// and returns values and exceptions in argument order.
func gatherReturnExceptions(w io.Writer, yield Y) error {
	ok := func(name string, d time.Duration, v int) coro.Func[int] {
		return func(yield Y) (int, error) {
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s ok\n", name)
			return v, nil
		}
	}
	bad := func(name string, d time.Duration, exc error) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s raising\n", name)
			return struct{}{}, exc
		}
	}
	show := func(res []any) string {
		items := make([]string, len(res))
		for i, r := range res {
			if e, isExc := r.(*pyExc); isExc {
				items[i] = fmt.Sprintf("%s(%v)", e.class, e)
			} else {
				items[i] = fmt.Sprint(r)
			}
		}
		return "[" + strings.Join(items, ", ") + "]"
	}

	g := coro.GatherAllAny(
		bad("A", 10*time.Millisecond, raise("ValueError", "boom")),
		ok("B", 30*time.Millisecond, 2),
		bad("C", 20*time.Millisecond, raise("TypeError", "k")),
		ok("D", 0, 4),
		bad("E", 0, raise("RuntimeError", "now")),
	)
	res, err := g.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", show(inPlace(res, g.Errors())))
	return nil
}

// sleep0MainAndTasks: main's own sleep(0) yields let created tasks run one step
// each, in creation order; main takes its turn after them.
func sleep0MainAndTasks(w io.Writer, yield Y) error {
	worker := func(name string) coro.Coroutine {
		return func(yield Y) {
			for i := range 2 {
				fmt.Fprintf(w, "%s step %d\n", name, i)
				coro.Sleep(0).Await(yield)
			}
			fmt.Fprintf(w, "%s end\n", name)
		}
	}

	a := coro.Spawn(yield, worker("A"), coro.WithName("A"))
	b := coro.Spawn(yield, worker("B"), coro.WithName("B"))
	for i := range 4 {
		fmt.Fprintf(w, "main %d\n", i)
		coro.Sleep(0).Await(yield)
	}
	fmt.Fprintf(w, "a done=%s b done=%s\n", pyBool(a.Done()), pyBool(b.Done()))
	if _, err := a.Await(yield); err != nil {
		return err
	}
	if _, err := b.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// sleep0RoundRobin: several tasks looping on sleep(0) interleave round robin
// (A0 B0 C0 A1 B1 C1 ...).
func sleep0RoundRobin(w io.Writer, yield Y) error {
	worker := func(name string, n int) coro.Func[int] {
		return func(yield Y) (int, error) {
			for i := range n {
				fmt.Fprintf(w, "%s %d\n", name, i)
				coro.Sleep(0).Await(yield)
			}
			fmt.Fprintf(w, "%s done\n", name)
			return n, nil
		}
	}

	res, err := coro.Gather(worker("A", 3), worker("B", 2), worker("C", 4)).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	return nil
}

// sleepDurations: sleeps with different durations wake in deadline order, not
// creation order.
func sleepDurations(w io.Writer, yield Y) error {
	sleeper := func(name string, d time.Duration) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s woke\n", name)
			return name, nil
		}
	}

	t1 := coro.Spawn(yield, sleeper("slow", 30*time.Millisecond), coro.WithName("slow"))
	t2 := coro.Spawn(yield, sleeper("fast", 10*time.Millisecond), coro.WithName("fast"))
	t3 := coro.Spawn(yield, sleeper("mid", 20*time.Millisecond), coro.WithName("mid"))
	fmt.Fprintln(w, "main created tasks")
	r1, err := t1.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r1)
	r2, err := t2.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r2)
	r3, err := t3.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r3)
	return nil
}

// sleepTies: sleeps with EXACTLY equal durations set in one step fire FIFO (in
// the order they were set).
func sleepTies(w io.Writer, yield Y) error {
	sleeper := func(name string, d time.Duration) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			coro.Sleep(d).Await(yield)
			fmt.Fprintf(w, "%s woke\n", name)
			return name, nil
		}
	}

	// gather creates the three tasks in one step; each sets its 0.01 s sleep in
	// its own first step, all within one loop iteration, in argument order.
	res, err := coro.Gather(
		sleeper("A", 10*time.Millisecond),
		sleeper("B", 10*time.Millisecond),
		sleeper("C", 10*time.Millisecond),
	).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	return nil
}

// taskErrorUnawaited: an exception in a task that nobody awaits yet leaves the
// task done with the error stored; it is raised later when awaited, and again
// by result().
func taskErrorUnawaited(w io.Writer, yield Y) error {
	failing := coro.Func[struct{}](func(yield Y) (struct{}, error) {
		fmt.Fprintln(w, "failing start")
		coro.Sleep(0).Await(yield)
		fmt.Fprintln(w, "failing raises")
		return struct{}{}, raise("ValueError", "late boom")
	})

	t := coro.Spawn(yield, failing, coro.WithName("failing"))
	fmt.Fprintln(w, "main continues")
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "after 1 hop done=%s\n", pyBool(t.Done()))
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "after 2 hops done=%s cancelled=%s\n", pyBool(t.Done()), pyBool(t.Cancelled()))
	coro.Sleep(10 * time.Millisecond).Await(yield)
	fmt.Fprintln(w, "main awaits the task now")
	if _, err := t.Await(yield); err != nil {
		e, ok := caught(err, "ValueError")
		if !ok {
			return err
		}
		fmt.Fprintf(w, "caught %s %v\n", e.class, e)
	}
	if _, err := t.Result(); err != nil {
		e, ok := caught(err, "ValueError")
		if !ok {
			return err
		}
		fmt.Fprintf(w, "result() raised %s %v\n", e.class, e)
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// taskInTask: create_task inside a task; the new task's first step runs only
// after the current step of its creator suspends, after already-scheduled
// callbacks.
func taskInTask(w io.Writer, yield Y) error {
	grandchild := coro.Func[string](func(yield Y) (string, error) {
		fmt.Fprintln(w, "grandchild step 1")
		coro.Sleep(0).Await(yield)
		fmt.Fprintln(w, "grandchild step 2")
		return "g", nil
	})
	child := coro.Func[string](func(yield Y) (string, error) {
		fmt.Fprintln(w, "child step 1 begin")
		g := coro.Spawn(yield, grandchild, coro.WithName("grandchild"))
		fmt.Fprintln(w, "child created grandchild")
		coro.Sleep(0).Await(yield)
		fmt.Fprintln(w, "child step 2")
		r, err := g.Await(yield)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(w, "child got %s\n", r)
		return "c", nil
	})

	fmt.Fprintln(w, "main begin")
	c := coro.Spawn(yield, child, coro.WithName("child"))
	fmt.Fprintln(w, "main created child")
	l := loop.Current(yield)
	l.CallSoon(func() { fmt.Fprintln(w, "cb after child created") })
	r, err := c.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)
	return nil
}

// twoAwaitSameTask: two tasks awaiting the same task are woken in the order
// they started awaiting; awaiting an already-finished task later returns
// immediately.
func twoAwaitSameTask(w io.Writer, yield Y) error {
	target := coro.Func[string](func(yield Y) (string, error) {
		fmt.Fprintln(w, "target start")
		coro.Sleep(10 * time.Millisecond).Await(yield)
		fmt.Fprintln(w, "target end")
		return "T", nil
	})
	waiter := func(name string, t *coro.Task[string]) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s waiting\n", name)
			r, err := t.Await(yield)
			if err != nil {
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s got %s\n", name, r)
			return struct{}{}, nil
		}
	}

	t := coro.Spawn(yield, target, coro.WithName("target"))
	w2 := coro.Spawn(yield, waiter("W2", t), coro.WithName("W2"))
	w1 := coro.Spawn(yield, waiter("W1", t), coro.WithName("W1"))
	if _, err := coro.Gather(w2, w1).Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "late await")
	r, err := t.Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main got %s\n", r)
	return nil
}

// queueBounded: two producers and two consumers on a bounded queue; blocked
// putters and getters are served first in, first out.
func queueBounded(w io.Writer, yield Y) error {
	q := coro.NewQueue[string](2)
	producer := func(name string, n int) coro.Coroutine {
		return func(yield Y) {
			for i := range n {
				fmt.Fprintf(w, "%s put %d start\n", name, i)
				if q.Put(yield, fmt.Sprintf("%s%d", name, i)) != nil {
					return
				}
				fmt.Fprintf(w, "%s put %d done\n", name, i)
			}
		}
	}
	consumer := func(name string, n int) coro.Coroutine {
		return func(yield Y) {
			for range n {
				item, err := q.Get(yield)
				if err != nil {
					return
				}
				fmt.Fprintf(w, "%s got %s\n", name, item)
			}
		}
	}
	if _, err := coro.Gather(producer("p", 3), producer("r", 3), consumer("c1", 3), consumer("c2", 3)).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "empty %s size %d\n", pyBool(q.Empty()), q.Len())
	return nil
}

// queueCancelWokenGetter: a getter woken by a put and cancelled in the same
// step passes the wake-up on; the next getter gets the item.
func queueCancelWokenGetter(w io.Writer, yield Y) error {
	q := coro.NewQueue[int](0)
	getter := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			v, err := q.Get(yield)
			if errors.Is(err, coro.ErrCancelled) {
				fmt.Fprintf(w, "%s cancelled\n", name)
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s got %d\n", name, v)
			return struct{}{}, nil
		}
	}
	a := coro.Spawn(yield, getter("a"))
	b := coro.Spawn(yield, getter("b"))
	coro.Sleep(0).Await(yield)
	q.TryPut(1) // wakes a
	fmt.Fprintf(w, "cancel a -> %s\n", pyBool(a.Cancel(nil)))
	if _, err := coro.GatherAll(a, b).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "left %d a cancelled=%s\n", q.Len(), pyBool(a.Cancelled()))
	return nil
}

// queueCancelPut: a putter cancelled while the queue is full puts nothing; the
// room a get makes goes to the next putter.
func queueCancelPut(w io.Writer, yield Y) error {
	q := coro.NewQueue[string](1)
	q.TryPut("x")
	putter := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			if err := q.Put(yield, name); errors.Is(err, coro.ErrCancelled) {
				fmt.Fprintf(w, "%s cancelled\n", name)
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s put\n", name)
			return struct{}{}, nil
		}
	}
	a := coro.Spawn(yield, putter("a"))
	b := coro.Spawn(yield, putter("b"))
	coro.Sleep(0).Await(yield)
	got, _ := q.TryGet() // wakes a
	fmt.Fprintf(w, "got %s\n", got)
	a.Cancel(nil)
	if _, err := coro.GatherAll(a, b).Await(yield); err != nil {
		return err
	}
	var items []string
	for !q.Empty() {
		v, _ := q.TryGet()
		items = append(items, "'"+v+"'")
	}
	fmt.Fprintf(w, "items [%s]\n", strings.Join(items, ", "))
	return nil
}

// taskgroupChildFails: a child of a group fails; the other child is
// cancelled, then the body; the group waits for all and returns the error.
func taskgroupChildFails(w io.Writer, yield Y) error {
	child := func(name string, delay time.Duration, fail bool) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			if _, err := coro.Sleep(delay).Await(yield); err != nil {
				fmt.Fprintf(w, "%s cancelled\n", name)
				coro.Sleep(0).Await(yield) // fails too (level-triggered), one turn later
				fmt.Fprintf(w, "%s cleaned up\n", name)
				return "", err
			}
			if fail {
				fmt.Fprintf(w, "%s fails\n", name)
				return "", errors.New(name)
			}
			fmt.Fprintf(w, "%s done\n", name)
			return name, nil
		}
	}
	err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
		coro.SpawnIn(g, child("slow", 300*time.Millisecond, false))
		coro.SpawnIn(g, child("bad", 100*time.Millisecond, true))
		fmt.Fprintln(w, "body waits")
		if _, err := coro.Sleep(time.Second).Await(yield); err != nil {
			fmt.Fprintln(w, "body cancelled")
			return err
		}
		fmt.Fprintln(w, "body not reached")
		return nil
	})
	if err != nil {
		var ge *coro.GroupError
		if errors.As(err, &ge) && len(ge.Errors) == 1 {
			fmt.Fprintf(w, "caught ['%v']\n", ge.Errors[0])
		} else {
			fmt.Fprintf(w, "not a group of one error: %v\n", err)
		}
	}
	fmt.Fprintln(w, "after the group")
	return nil
}

// taskgroupOK: a group whose children all succeed, one of them starting
// another child in the group; the group ends when the last one does.
func taskgroupOK(w io.Writer, yield Y) error {
	var results []string
	var child func(g *coro.Group, name string, delay time.Duration, spawn string) coro.Coroutine
	child = func(g *coro.Group, name string, delay time.Duration, spawn string) coro.Coroutine {
		return func(yield Y) {
			fmt.Fprintf(w, "%s start\n", name)
			if spawn != "" {
				coro.SpawnIn(g, child(g, spawn, 50*time.Millisecond, ""))
			}
			coro.Sleep(delay).Await(yield)
			fmt.Fprintf(w, "%s done\n", name)
			results = append(results, "'"+name+"'")
		}
	}
	err := coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
		coro.SpawnIn(g, child(g, "a", 200*time.Millisecond, ""))
		coro.SpawnIn(g, child(g, "b", 100*time.Millisecond, "b2"))
		fmt.Fprintln(w, "body returns")
		return nil
	})
	fmt.Fprintf(w, "group done [%s]\n", strings.Join(results, ", "))
	return err
}

// timeouts: Timeout and WaitFor; the work inside is cancelled at the deadline
// and cleans up before the timeout error; an inner timeout cannot outlast an
// outer one; WaitFor on a task cancels the task.
func timeouts(w io.Writer, yield Y) error {
	work := func(name string, delay time.Duration) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s start\n", name)
			if _, err := coro.Sleep(delay).Await(yield); err != nil {
				fmt.Fprintf(w, "%s cancelled\n", name)
				return "", err
			}
			fmt.Fprintf(w, "%s done\n", name)
			return name, nil
		}
	}
	start := coro.Now(yield)
	if _, err := coro.Timeout(yield, 100*time.Millisecond, work("a", time.Second)); errors.Is(err, coro.ErrTimeout) {
		fmt.Fprintln(w, "a timed out")
	}
	if _, err := coro.WaitFor(yield, 100*time.Millisecond, work("b", time.Second)); errors.Is(err, coro.ErrTimeout) {
		fmt.Fprintln(w, "b timed out")
	}
	r, err := coro.WaitFor(yield, time.Second, work("c", 50*time.Millisecond))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "c returned %s\n", r)
	_, err = coro.Timeout(yield, 500*time.Millisecond, coro.Func[string](func(yield Y) (string, error) {
		return coro.Timeout(yield, 2*time.Second, work("d", time.Second))
	}))
	if errors.Is(err, coro.ErrTimeout) {
		fmt.Fprintln(w, "d timed out by the outer timeout")
	}
	t := coro.Spawn(yield, work("e", time.Second))
	if _, err := coro.WaitFor(yield, 100*time.Millisecond, t); errors.Is(err, coro.ErrTimeout) {
		fmt.Fprintf(w, "e timed out, task cancelled=%s\n", pyBool(t.Cancelled()))
	}
	fmt.Fprintf(w, "elapsed %v\n", (coro.Now(yield) - start).Seconds())
	return nil
}

// eventSetClear: Event.Set wakes every waiter, in the order they came, each in
// a step of its own after the setter's; Wait on a set event returns at once,
// without a switch; after Clear, Wait waits again, and a Set followed at once
// by a Clear still wakes the waiters of that Set.
func eventSetClear(w io.Writer, yield Y) error {
	var e coro.Event
	waiter := func(name string) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s waits\n", name)
			if err := e.Wait(yield); err != nil {
				return "", err
			}
			fmt.Fprintf(w, "%s woke, set=%s\n", name, pyBool(e.IsSet()))
			return name, nil
		}
	}

	var ts []*coro.Task[string]
	for _, n := range []string{"w1", "w2", "w3"} {
		ts = append(ts, coro.Spawn(yield, waiter(n)))
	}
	coro.Sleep(0).Await(yield)
	loop.Current(yield).CallSoon(func() { fmt.Fprintln(w, "cb before set") })
	fmt.Fprintln(w, "main sets")
	e.Set()
	e.Set() // a second Set changes nothing
	fmt.Fprintf(w, "main after set, set=%s\n", pyBool(e.IsSet()))
	res, err := coro.GatherAny(awaitables(ts)...).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))

	fmt.Fprintln(w, "-- wait on a set event")
	t := coro.Spawn(yield, waiter("w4"))
	if err := e.Wait(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "main past wait, w4 done=%s\n", pyBool(t.Done()))
	if _, err := t.Await(yield); err != nil {
		return err
	}

	fmt.Fprintln(w, "-- clear")
	e.Clear()
	t = coro.Spawn(yield, waiter("w5"))
	coro.Sleep(0).Await(yield)
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "w5 still waits, done=%s\n", pyBool(t.Done()))
	e.Set()
	e.Clear()
	fmt.Fprintf(w, "set then clear in one step, set=%s\n", pyBool(e.IsSet()))
	if _, err := t.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// lockFIFO: tasks waiting for a Lock get it first in, first out; a holder that
// releases and at once asks again goes behind the tasks already waiting.
func lockFIFO(w io.Writer, yield Y) error {
	var lock coro.Lock
	worker := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			for r := range 2 {
				fmt.Fprintf(w, "%s acquiring round %d\n", name, r)
				if err := lock.Acquire(yield); err != nil {
					return struct{}{}, err
				}
				fmt.Fprintf(w, "%s holds the lock round %d\n", name, r)
				_, err := coro.Sleep(10 * time.Millisecond).Await(yield)
				fmt.Fprintf(w, "%s releases round %d\n", name, r)
				lock.Release()
				if err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		}
	}

	if err := lock.Acquire(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "main holds the lock, locked=%s\n", pyBool(lock.Locked()))
	var ts []*coro.Task[struct{}]
	for _, n := range []string{"a", "b", "c"} {
		ts = append(ts, coro.Spawn(yield, worker(n)))
	}
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main releases")
	lock.Release()
	if _, err := coro.GatherAny(awaitables(ts)...).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "end locked=%s\n", pyBool(lock.Locked()))
	if err := lock.Acquire(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "async with: locked=%s\n", pyBool(lock.Locked()))
	lock.Release()
	fmt.Fprintf(w, "after async with: locked=%s\n", pyBool(lock.Locked()))
	return nil
}

// lockCancel: a task cancelled while it waits for a Lock does not get it; a
// waiter the lock is handed to and that is cancelled in the same step passes
// the lock on to the next waiter.
func lockCancel(w io.Writer, yield Y) error {
	var lock coro.Lock
	worker := func(name string) coro.Func[string] {
		return func(yield Y) (string, error) {
			fmt.Fprintf(w, "%s acquiring\n", name)
			if err := lock.Acquire(yield); err != nil {
				fmt.Fprintf(w, "%s cancelled while waiting\n", name)
				return "", err
			}
			fmt.Fprintf(w, "%s holds the lock\n", name)
			coro.Sleep(10 * time.Millisecond).Await(yield)
			fmt.Fprintf(w, "%s releases\n", name)
			lock.Release()
			return name, nil
		}
	}

	if err := lock.Acquire(yield); err != nil {
		return err
	}
	var ts []*coro.Task[string]
	for _, n := range []string{"a", "b", "c", "d"} {
		ts = append(ts, coro.Spawn(yield, worker(n)))
	}
	a, b := ts[0], ts[1]
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "cancel b -> %s\n", pyBool(b.Cancel(nil)))
	coro.Sleep(0).Await(yield)
	fmt.Fprintln(w, "main releases and cancels a in the same step")
	lock.Release() // hands the lock to a
	fmt.Fprintf(w, "cancel a -> %s\n", pyBool(a.Cancel(nil)))
	g := coro.GatherAllAny(awaitables(ts)...)
	res, err := g.Await(yield)
	if err != nil {
		return err
	}
	res = inPlace(res, g.Errors())
	for i, r := range res {
		if err, isErr := r.(error); isErr {
			if !errors.Is(err, coro.ErrCancelled) {
				return err
			}
			res[i] = "CancelledError"
		}
	}
	fmt.Fprintf(w, "gather -> %s\n", repr(res))
	fmt.Fprintf(w, "end locked=%s\n", pyBool(lock.Locked()))
	return nil
}

// semaphoreFIFO: a Semaphore(2) shared by 5 tasks: two hold it at a time, the
// others get it first in, first out, each as one releases.
func semaphoreFIFO(w io.Writer, yield Y) error {
	sem := coro.NewSemaphore(2)
	worker := func(name string, d time.Duration) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s acquiring, locked=%s\n", name, pyBool(sem.Locked()))
			if err := sem.Acquire(yield); err != nil {
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s acquired, value=%d\n", name, sem.Value())
			_, err := coro.Sleep(d).Await(yield)
			sem.Release()
			fmt.Fprintf(w, "%s released, value=%d\n", name, sem.Value())
			return struct{}{}, err
		}
	}

	_, err := coro.Gather(
		worker("t1", 60*time.Millisecond),
		worker("t2", 10*time.Millisecond),
		worker("t3", 20*time.Millisecond),
		worker("t4", 10*time.Millisecond),
		worker("t5", 30*time.Millisecond),
	).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "end value=%d locked=%s\n", sem.Value(), pyBool(sem.Locked()))
	return nil
}

// boundedSemaphore: releasing a BoundedSemaphore more often than it was
// acquired raises ValueError in the task that does it; the semaphore keeps its
// count and the other tasks go on. In corio Release panics, and the panic is
// the task's error, a *coro.PanicError: the port prints it as Python's
// ValueError.
func boundedSemaphore(w io.Writer, yield Y) error {
	sem := coro.NewBoundedSemaphore(2)
	overRelease := coro.Func[struct{}](func(yield Y) (struct{}, error) {
		if err := sem.Acquire(yield); err != nil {
			return struct{}{}, err
		}
		fmt.Fprintf(w, "acquired, value=%d\n", sem.Value())
		sem.Release()
		fmt.Fprintf(w, "released, value=%d\n", sem.Value())
		sem.Release()
		fmt.Fprintln(w, "not reached")
		return struct{}{}, nil
	})
	bystander := coro.Coroutine(func(yield Y) {
		for i := range 3 {
			fmt.Fprintf(w, "bystander step %d\n", i)
			coro.Sleep(0).Await(yield)
		}
	})

	t := coro.Spawn(yield, overRelease)
	b := coro.Spawn(yield, bystander)
	if _, err := t.Await(yield); err != nil {
		var pe *coro.PanicError
		if !errors.As(err, &pe) {
			return err
		}
		fmt.Fprintf(w, "caught ValueError %s\n", strings.TrimPrefix(fmt.Sprint(pe.Value), "coro: "))
	}
	if _, err := b.Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "value=%d locked=%s\n", sem.Value(), pyBool(sem.Locked()))
	if err := sem.Acquire(yield); err != nil {
		return err
	}
	if err := sem.Acquire(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "both permits taken, locked=%s\n", pyBool(sem.Locked()))
	sem.Release()
	sem.Release()
	fmt.Fprintf(w, "end value=%d\n", sem.Value())
	return nil
}

// conditionNotify: Condition.Notify(1) wakes the longest waiting task, which
// goes on only once the notifier releases the lock; NotifyAll wakes the rest in
// order; WaitUntil checks its predicate first and after every notification.
func conditionNotify(w io.Writer, yield Y) error {
	cond := coro.NewCondition(nil)
	var items []string
	// with is Python's async with cond: body runs holding the lock.
	with := func(yield Y, body func() error) error {
		if err := cond.L.Acquire(yield); err != nil {
			return err
		}
		defer cond.L.Release()
		return body()
	}
	watcher := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			return struct{}{}, with(yield, func() error {
				fmt.Fprintf(w, "%s waits\n", name)
				if err := cond.Wait(yield); err != nil {
					return err
				}
				fmt.Fprintf(w, "%s notified, locked=%s\n", name, pyBool(cond.L.Locked()))
				return nil
			})
		}
	}
	consumer := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			return struct{}{}, with(yield, func() error {
				fmt.Fprintf(w, "%s waits for an item\n", name)
				if err := cond.WaitUntil(yield, func() bool { return len(items) > 0 }); err != nil {
					return err
				}
				item := items[0]
				items = items[1:]
				fmt.Fprintf(w, "%s got %s\n", name, item)
				return nil
			})
		}
	}

	var ts []*coro.Task[struct{}]
	for _, n := range []string{"w1", "w2", "w3"} {
		ts = append(ts, coro.Spawn(yield, watcher(n)))
	}
	coro.Sleep(0).Await(yield)
	err := with(yield, func() error {
		cond.Notify(1)
		fmt.Fprintln(w, "main notified 1, still holds the lock")
		_, err := coro.Sleep(0).Await(yield)
		fmt.Fprintln(w, "main releases")
		return err
	})
	if err != nil {
		return err
	}
	coro.Sleep(0).Await(yield)
	err = with(yield, func() error {
		cond.NotifyAll()
		fmt.Fprintln(w, "main notified all")
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := coro.GatherAny(awaitables(ts)...).Await(yield); err != nil {
		return err
	}

	fmt.Fprintln(w, "-- wait_for")
	cs := []*coro.Task[struct{}]{coro.Spawn(yield, consumer("c1")), coro.Spawn(yield, consumer("c2"))}
	coro.Sleep(0).Await(yield)
	err = with(yield, func() error {
		cond.NotifyAll() // the predicate is still false: both wait again
		fmt.Fprintln(w, "main notified all with no item")
		return nil
	})
	if err != nil {
		return err
	}
	coro.Sleep(0).Await(yield)
	err = with(yield, func() error {
		items = append(items, "x")
		cond.NotifyAll()
		fmt.Fprintln(w, "main added x")
		return nil
	})
	if err != nil {
		return err
	}
	coro.Sleep(0).Await(yield)
	coro.Sleep(0).Await(yield)
	err = with(yield, func() error {
		items = append(items, "y")
		cond.Notify(1)
		fmt.Fprintln(w, "main added y")
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := coro.GatherAny(awaitables(cs)...).Await(yield); err != nil {
		return err
	}
	return with(yield, func() error {
		items = append(items, "z")
		if err := cond.WaitUntil(yield, func() bool { return len(items) > 0 }); err != nil { // true at once: no wait
			return err
		}
		fmt.Fprintf(w, "main wait_for returned at once, items=%s\n", repr([]any{items[0]}))
		return nil
	})
}

// barrierRounds: a Barrier(3) lets its parties go when the third arrives: that
// one first, with index 2, then the others in the order they came; a second
// round works the same; Abort and Reset break the waiting tasks with
// ErrBrokenBarrier (Python's BrokenBarrierError).
func barrierRounds(w io.Writer, yield Y) error {
	b := coro.NewBarrier(3)
	party := func(name string, delay time.Duration) coro.Func[string] {
		return func(yield Y) (string, error) {
			for r := range 2 {
				if _, err := coro.Sleep(delay).Await(yield); err != nil {
					return "", err
				}
				fmt.Fprintf(w, "%s arrives round %d, waiting=%d\n", name, r, b.Waiting())
				i, err := b.Wait(yield)
				if err != nil {
					return "", err
				}
				fmt.Fprintf(w, "%s passes round %d with index %d\n", name, r, i)
			}
			return name, nil
		}
	}
	waiter := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			i, err := b.Wait(yield)
			switch {
			case errors.Is(err, coro.ErrBrokenBarrier):
				fmt.Fprintf(w, "%s got BrokenBarrierError\n", name)
			case err != nil:
				return struct{}{}, err
			default:
				fmt.Fprintf(w, "%s passes with index %d\n", name, i)
			}
			return struct{}{}, nil
		}
	}

	res, err := coro.Gather(party("a", 10*time.Millisecond), party("b", 30*time.Millisecond), party("c", 20*time.Millisecond)).Await(yield)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "gather -> %s waiting=%d broken=%s\n", repr(res), b.Waiting(), pyBool(b.Broken()))

	fmt.Fprintln(w, "-- reset")
	ts := []*coro.Task[struct{}]{coro.Spawn(yield, waiter("r1")), coro.Spawn(yield, waiter("r2"))}
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "waiting=%d\n", b.Waiting())
	b.Reset()
	if _, err := coro.GatherAny(awaitables(ts)...).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "after reset waiting=%d broken=%s\n", b.Waiting(), pyBool(b.Broken()))
	if _, err := coro.Gather(waiter("x1"), waiter("x2"), waiter("x3")).Await(yield); err != nil {
		return err
	}

	fmt.Fprintln(w, "-- abort")
	ts = []*coro.Task[struct{}]{coro.Spawn(yield, waiter("a1")), coro.Spawn(yield, waiter("a2"))}
	coro.Sleep(0).Await(yield)
	b.Abort()
	if _, err := coro.GatherAny(awaitables(ts)...).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "after abort broken=%s\n", pyBool(b.Broken()))
	if _, err := waiter("late").Await(yield); err != nil {
		return err
	}
	b.Reset()
	fmt.Fprintf(w, "after reset broken=%s\n", pyBool(b.Broken()))
	_, err = coro.Gather(waiter("y1"), waiter("y2"), waiter("y3")).Await(yield)
	return err
}

// barrierNextRound: a party that passes a Barrier and waits again at once
// blocks until every party of the round it left has gone on (the barrier
// drains), so the second round is filled in the order the parties come back.
func barrierNextRound(w io.Writer, yield Y) error {
	b := coro.NewBarrier(3)
	party := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			for r := range 2 {
				fmt.Fprintf(w, "%s arrives round %d\n", name, r)
				i, err := b.Wait(yield)
				if err != nil {
					return struct{}{}, err
				}
				fmt.Fprintf(w, "%s passes round %d with index %d\n", name, r, i)
			}
			return struct{}{}, nil
		}
	}
	_, err := coro.Gather(party("a"), party("b"), party("c")).Await(yield)
	return err
}

// eventCancelWoken: a waiter that an Event.Set woke and that is cancelled
// before it runs only ends cancelled: a task that waits after a Clear is not
// woken by it, and waits for the next Set.
func eventCancelWoken(w io.Writer, yield Y) error {
	var e coro.Event
	waiter := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s waits\n", name)
			if err := e.Wait(yield); err != nil {
				fmt.Fprintf(w, "%s cancelled\n", name)
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s woke, set=%s\n", name, pyBool(e.IsSet()))
			return struct{}{}, nil
		}
	}

	a := coro.Spawn(yield, waiter("a"))
	coro.Sleep(0).Await(yield)
	d := coro.Spawn(yield, waiter("d")) // runs after this step, before a
	e.Set()                             // wakes a
	e.Clear()
	fmt.Fprintf(w, "cancel a -> %s\n", pyBool(a.Cancel(nil)))
	coro.Sleep(0).Await(yield)
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "a cancelled=%s d done=%s\n", pyBool(a.Cancelled()), pyBool(d.Done()))
	e.Set()
	if _, err := d.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// barrierCancelWoken: a party that a Barrier released and that is cancelled
// before it runs ends cancelled, and lets no party of the next round through:
// that one waits for the round to fill.
func barrierCancelWoken(w io.Writer, yield Y) error {
	b := coro.NewBarrier(2)
	party := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s arrives\n", name)
			i, err := b.Wait(yield)
			if err != nil {
				fmt.Fprintf(w, "%s cancelled\n", name)
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s passes with index %d\n", name, i)
			return struct{}{}, nil
		}
	}

	a := coro.Spawn(yield, party("a"))
	coro.Sleep(0).Await(yield)
	c := coro.Spawn(yield, party("c")) // runs after this step, before a
	i, err := b.Wait(yield)            // the second party: releases a
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "main passes with index %d\n", i)
	fmt.Fprintf(w, "cancel a -> %s\n", pyBool(a.Cancel(nil)))
	coro.Sleep(0).Await(yield)
	coro.Sleep(0).Await(yield)
	fmt.Fprintf(w, "a cancelled=%s c done=%s waiting=%d\n", pyBool(a.Cancelled()), pyBool(c.Done()), b.Waiting())
	if i, err = b.Wait(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "main passes with index %d\n", i)
	if _, err := c.Await(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "main end")
	return nil
}

// semaphoreWokenFirst: a task that asks a Semaphore for a permit while a
// waiter it woke has not run yet waits behind that waiter, even if another
// permit is free: the woken waiter goes on first, then wakes it.
func semaphoreWokenFirst(w io.Writer, yield Y) error {
	sem := coro.NewSemaphore(2)
	sem.Acquire(yield)
	sem.Acquire(yield)
	worker := func(name string) coro.Func[struct{}] {
		return func(yield Y) (struct{}, error) {
			fmt.Fprintf(w, "%s acquiring, locked=%s\n", name, pyBool(sem.Locked()))
			if err := sem.Acquire(yield); err != nil {
				return struct{}{}, err
			}
			fmt.Fprintf(w, "%s acquired\n", name)
			return struct{}{}, nil
		}
	}

	wt := coro.Spawn(yield, worker("w"))
	coro.Sleep(0).Await(yield)
	nt := coro.Spawn(yield, worker("n")) // runs after this step, before w
	sem.Release()                        // hands a permit to w
	sem.Release()                        // no one else waits: the permit is free
	if _, err := coro.Gather(wt, nt).Await(yield); err != nil {
		return err
	}
	fmt.Fprintf(w, "end locked=%s\n", pyBool(sem.Locked()))
	return nil
}

// waitModes: Wait with FirstCompleted, FirstError and AllCompleted;
// AsCompleted gives the results as the tasks finish.
func waitModes(w io.Writer, yield Y) error {
	job := func(name string, delay time.Duration, fail bool) coro.Func[string] {
		return func(yield Y) (string, error) {
			if _, err := coro.Sleep(delay).Await(yield); err != nil {
				return "", err
			}
			fmt.Fprintf(w, "%s ends\n", name)
			if fail {
				return "", errors.New(name)
			}
			return name, nil
		}
	}
	a := coro.Spawn(yield, job("a", 300*time.Millisecond, false))
	b := coro.Spawn(yield, job("b", 100*time.Millisecond, false))
	c := coro.Spawn(yield, job("c", 200*time.Millisecond, true))
	names := map[coro.Awaitable]string{a: "a", b: "b", c: "c"}
	list := func(fs []coro.Awaitable) string {
		var out []string
		for _, f := range fs {
			out = append(out, "'"+names[f]+"'")
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	for _, m := range []struct {
		mode  coro.WaitMode
		label string
	}{{coro.FirstCompleted, "first completed"}, {coro.FirstError, "first exception"}, {coro.AllCompleted, "all completed"}} {
		done, pending, err := coro.Wait(yield, m.mode, a, b, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: done %s pending %s\n", m.label, list(done), list(pending))
	}
	tasks := []*coro.Task[string]{
		coro.Spawn(yield, job("x", 300*time.Millisecond, false)),
		coro.Spawn(yield, job("y", 100*time.Millisecond, false)),
		coro.Spawn(yield, job("z", 200*time.Millisecond, false)),
	}
	for v, err := range coro.AsCompleted(yield, tasks...) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "as_completed: %s\n", v)
	}
	return nil
}

// queueKindsJoin: LIFO and priority order; Join waits until every item got
// has been marked done.
func queueKindsJoin(w io.Writer, yield Y) error {
	lifo := coro.NewLifoQueue[int](0)
	for i := range 4 {
		lifo.TryPut(i)
	}
	var got []string
	for range 4 {
		v, _ := lifo.TryGet()
		got = append(got, strconv.Itoa(v))
	}
	fmt.Fprintf(w, "lifo [%s]\n", strings.Join(got, ", "))
	type item struct {
		prio int
		name string
	}
	prio := coro.NewPriorityQueue(0, func(a, b item) bool { return a.prio < b.prio })
	for _, it := range []item{{3, "c"}, {1, "a"}, {2, "b"}, {0, "z"}} {
		prio.TryPut(it)
	}
	got = got[:0]
	for range 4 {
		it, _ := prio.TryGet()
		got = append(got, "'"+it.name+"'")
	}
	fmt.Fprintf(w, "priority [%s]\n", strings.Join(got, ", "))

	q := coro.NewQueue[int](0)
	worker := func(name string) coro.Coroutine {
		return func(yield Y) {
			for {
				item, err := q.Get(yield)
				if err != nil {
					return
				}
				if _, err := coro.Sleep(100 * time.Millisecond).Await(yield); err != nil {
					return
				}
				fmt.Fprintf(w, "%s processed %d\n", name, item)
				q.TaskDone()
			}
		}
	}
	workers := []coro.Awaitable{coro.Spawn(yield, worker("w1")), coro.Spawn(yield, worker("w2"))}
	for i := range 5 {
		q.TryPut(i)
	}
	fmt.Fprintln(w, "joining")
	if err := q.Join(yield); err != nil {
		return err
	}
	fmt.Fprintln(w, "joined")
	for _, t := range workers {
		t.(*coro.Task[struct{}]).Cancel(nil)
	}
	coro.GatherAllAny(workers...).Await(yield)
	fmt.Fprintln(w, "workers stopped")
	return nil
}
