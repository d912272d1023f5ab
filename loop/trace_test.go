package loop_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	rtrace "runtime/trace"
	"slices"
	"testing"
	"time"

	xtrace "golang.org/x/exp/trace"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// twoSleepers is a small program for the trace tests: main gathers two tasks
// that sleep.
var twoSleepers = coro.Func[struct{}](func(yield Y) (struct{}, error) {
	a := coro.Spawn(yield, coro.Coroutine(func(yield Y) { coro.Sleep(time.Second).Await(yield) }), coro.WithName("a"))
	b := coro.Spawn(yield, coro.Coroutine(func(yield Y) { coro.Sleep(2 * time.Second).Await(yield) }), coro.WithName("b"))
	_, err := coro.Gather(a, b).Await(yield)
	return struct{}{}, err
})

// TestChromeTraceParses writes the trace of a run and reads it back as the
// Trace Event Format: a named track per task, slices per step.
func TestChromeTraceParses(t *testing.T) {
	tr := loop.NewChromeTrace()
	if _, err := loop.Run(twoSleepers, loop.WithVirtualClock(), loop.WithRecording(tr)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tr.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []struct {
			Name string            `json:"name"`
			Ph   string            `json:"ph"`
			Ts   float64           `json:"ts"`
			Dur  float64           `json:"dur"`
			Tid  uint64            `json:"tid"`
			Args map[string]string `json:"args"`
		} `json:"traceEvents"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	tracks := map[uint64]string{}
	steps := map[string]int{}
	for _, e := range doc.TraceEvents {
		switch e.Ph {
		case "M":
			tracks[e.Tid] = e.Args["name"]
		case "X":
			if e.Dur < 0 || e.Ts < 0 {
				t.Errorf("slice %+v has a negative time", e)
			}
			steps[tracks[e.Tid]]++
		}
	}
	names := slices.Sorted(maps.Values(tracks))
	if !slices.Equal(names, []string{"Task-1", "a", "b"}) {
		t.Errorf("tracks %v, want Task-1 (main), a, b", names)
	}
	// main: spawn and await, then resume and return; a and b: sleep, return.
	if steps["Task-1"] != 2 || steps["a"] != 2 || steps["b"] != 2 {
		t.Errorf("steps per task %v, want 2 each", steps)
	}
}

// TestRuntimeTraceTasksAndRegions runs under runtime/trace and reads the
// trace back with golang.org/x/exp/trace: one user task per corio task, and
// a "step" region for each of its steps.
func TestRuntimeTraceTasksAndRegions(t *testing.T) {
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Fatalf("cannot start runtime/trace (is go test -trace on?): %v", err)
	}
	_, err := loop.Run(twoSleepers, loop.WithVirtualClock(), loop.WithRecording(loop.NewRuntimeTrace()))
	rtrace.Stop()
	if err != nil {
		t.Fatal(err)
	}
	r, err := xtrace.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	taskNames := map[xtrace.TaskID]string{}
	regions := map[string]int{}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch ev.Kind() {
		case xtrace.EventTaskBegin:
			taskNames[ev.Task().ID] = ev.Task().Type
		case xtrace.EventRegionBegin:
			if reg := ev.Region(); reg.Type == "step" {
				regions[taskNames[reg.Task]]++
			}
		}
	}
	for _, name := range []string{"Task-1", "a", "b"} {
		if regions[name] != 2 {
			t.Errorf("task %s: %d step regions, want 2 (tasks %v, regions %v)", name, regions[name], taskNames, regions)
		}
	}
}
