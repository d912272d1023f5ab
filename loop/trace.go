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
// (ui.perfetto.dev) open. It is a coro.Instrument: install it with
// WithInstrument, run, then WriteJSON. Times are wall-clock microseconds from
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

func (c *ChromeTrace) micros(t time.Time) float64 {
	if c.start.IsZero() {
		c.start = t
	}
	return float64(t.Sub(c.start).Nanoseconds()) / 1e3
}

// TaskSpawned names the task's track (coro.Instrument).
func (c *ChromeTrace) TaskSpawned(t, _ coro.TaskRef) {
	c.micros(time.Now())
	c.events = append(c.events, traceEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: t.ID(), Args: map[string]any{"name": t.Name()}})
}

// TaskScheduled does nothing (coro.Instrument).
func (c *ChromeTrace) TaskScheduled(coro.TaskRef) {}

// StepStarted notes when the step began (coro.Instrument).
func (c *ChromeTrace) StepStarted(t coro.TaskRef) { c.began[t.ID()] = time.Now() }

// StepEnded records the step as a slice, named by what the task awaits next
// (coro.Instrument).
func (c *ChromeTrace) StepEnded(t coro.TaskRef) {
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

// TaskExited marks the end of the task's track (coro.Instrument).
func (c *ChromeTrace) TaskExited(t coro.TaskRef, err error) {
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
// the goroutines and the garbage collector. It is a coro.Instrument: install
// it with WithInstrument while runtime/trace is on (trace.Start, or go test
// -trace).
type RuntimeTrace struct {
	tasks   map[uint64]*rtrace.Task
	ctxs    map[uint64]context.Context
	regions map[uint64]*rtrace.Region
}

// NewRuntimeTrace returns the instrument.
func NewRuntimeTrace() *RuntimeTrace {
	return &RuntimeTrace{tasks: map[uint64]*rtrace.Task{}, ctxs: map[uint64]context.Context{}, regions: map[uint64]*rtrace.Region{}}
}

// TaskSpawned begins a trace task, named after the task (coro.Instrument).
func (r *RuntimeTrace) TaskSpawned(t, parent coro.TaskRef) {
	ctx := context.Background()
	if !parent.IsZero() {
		if p, ok := r.ctxs[parent.ID()]; ok {
			ctx = p
		}
	}
	ctx, task := rtrace.NewTask(ctx, t.Name())
	r.tasks[t.ID()], r.ctxs[t.ID()] = task, ctx
}

// TaskScheduled logs the wake-up (coro.Instrument).
func (r *RuntimeTrace) TaskScheduled(t coro.TaskRef) {
	if ctx, ok := r.ctxs[t.ID()]; ok {
		rtrace.Log(ctx, "corio", "scheduled")
	}
}

// StepStarted begins a region "step" in the task (coro.Instrument).
func (r *RuntimeTrace) StepStarted(t coro.TaskRef) {
	if ctx, ok := r.ctxs[t.ID()]; ok {
		r.regions[t.ID()] = rtrace.StartRegion(ctx, "step")
	}
}

// StepEnded ends the step's region (coro.Instrument).
func (r *RuntimeTrace) StepEnded(t coro.TaskRef) {
	if reg, ok := r.regions[t.ID()]; ok {
		reg.End()
		delete(r.regions, t.ID())
	}
}

// TaskExited ends the trace task (coro.Instrument).
func (r *RuntimeTrace) TaskExited(t coro.TaskRef, _ error) {
	if task, ok := r.tasks[t.ID()]; ok {
		task.End()
		delete(r.tasks, t.ID())
		delete(r.ctxs, t.ID())
	}
}
