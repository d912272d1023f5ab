package loop

import (
	"context"
	"encoding/json"
	"io"
	rtrace "runtime/trace"
	"time"

	"github.com/corio-go/corio/coro"
)

// ChromeTrace records every step of every task as a slice on the task's own
// track, in the Trace Event Format that chrome://tracing and Perfetto
// (ui.perfetto.dev) open. It is a Recording: install it with
// WithRecording, run, then WriteJSON. Times are wall-clock microseconds from
// the first event, so slices show how long each step held the loop.
type ChromeTrace struct {
	start  time.Time
	began  map[uint64]time.Time
	events []traceEvent
}

// traceEvent is one event of the Trace Event Format.
type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  uint64         `json:"tid"`
	Args map[string]any `json:"args,omitempty"`
}

// NewChromeTrace returns an empty trace.
func NewChromeTrace() *ChromeTrace {
	return &ChromeTrace{began: map[uint64]time.Time{}}
}

// chromeHooks is a ChromeTrace seen as the instrument that records it.
type chromeHooks struct{ *ChromeTrace }

func (c *ChromeTrace) instrument(func() time.Duration) coro.Instrument { return chromeHooks{c} }

func (c *ChromeTrace) micros(t time.Time) float64 {
	if c.start.IsZero() {
		c.start = t
	}
	return float64(t.Sub(c.start).Nanoseconds()) / 1e3
}

func (c chromeHooks) TaskSpawned(t, _ coro.TaskRef) {
	c.micros(time.Now())
	c.events = append(c.events, traceEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: t.ID(), Args: map[string]any{"name": t.Name()}})
}

func (c chromeHooks) TaskScheduled(coro.TaskRef) {}

func (c chromeHooks) StepStarted(t coro.TaskRef) { c.began[t.ID()] = time.Now() }

func (c chromeHooks) StepEnded(t coro.TaskRef) {
	began := c.began[t.ID()]
	delete(c.began, t.ID())
	name := t.Awaiting()
	if name == "" {
		name = "return"
	}
	end := time.Now()
	c.events = append(c.events, traceEvent{Name: "step → " + name, Ph: "X", Ts: c.micros(began),
		Dur: float64(end.Sub(began).Nanoseconds()) / 1e3, Pid: 1, Tid: t.ID()})
}

func (c chromeHooks) TaskExited(t coro.TaskRef, err error) {
	args := map[string]any{}
	if err != nil {
		args["error"] = err.Error()
	}
	c.events = append(c.events, traceEvent{Name: "exit", Ph: "i", Ts: c.micros(time.Now()), Pid: 1, Tid: t.ID(), Args: args})
}

// WriteJSON writes the trace as a Trace Event Format JSON object.
func (c *ChromeTrace) WriteJSON(w io.Writer) error {
	return json.NewEncoder(w).Encode(map[string]any{"traceEvents": c.events, "displayTimeUnit": "ms"})
}

// RuntimeTrace makes every task a runtime/trace task and every step of it a
// region, so that `go tool trace` shows which coroutine step ran when, beside
// the goroutines and the garbage collector. It is a Recording: install it
// with WithRecording while runtime/trace is on (trace.Start, or go test
// -trace).
type RuntimeTrace struct {
	tasks   map[uint64]*rtrace.Task
	ctxs    map[uint64]context.Context
	regions map[uint64]*rtrace.Region
}

// runtimeHooks is a RuntimeTrace seen as the instrument that records it.
type runtimeHooks struct{ *RuntimeTrace }

func (r *RuntimeTrace) instrument(func() time.Duration) coro.Instrument { return runtimeHooks{r} }

// NewRuntimeTrace returns the instrument.
func NewRuntimeTrace() *RuntimeTrace {
	return &RuntimeTrace{tasks: map[uint64]*rtrace.Task{}, ctxs: map[uint64]context.Context{}, regions: map[uint64]*rtrace.Region{}}
}

func (r runtimeHooks) TaskSpawned(t, parent coro.TaskRef) {
	ctx := context.Background()
	if !parent.IsZero() {
		if p, ok := r.ctxs[parent.ID()]; ok {
			ctx = p
		}
	}
	ctx, task := rtrace.NewTask(ctx, t.Name())
	r.tasks[t.ID()], r.ctxs[t.ID()] = task, ctx
}

func (r runtimeHooks) TaskScheduled(t coro.TaskRef) {
	if ctx, ok := r.ctxs[t.ID()]; ok {
		rtrace.Log(ctx, "corio", "scheduled")
	}
}

func (r runtimeHooks) StepStarted(t coro.TaskRef) {
	if ctx, ok := r.ctxs[t.ID()]; ok {
		r.regions[t.ID()] = rtrace.StartRegion(ctx, "step")
	}
}

func (r runtimeHooks) StepEnded(t coro.TaskRef) {
	if reg, ok := r.regions[t.ID()]; ok {
		reg.End()
		delete(r.regions, t.ID())
	}
}

func (r runtimeHooks) TaskExited(t coro.TaskRef, _ error) {
	if task, ok := r.tasks[t.ID()]; ok {
		task.End()
		delete(r.tasks, t.ID())
		delete(r.ctxs, t.ID())
	}
}
