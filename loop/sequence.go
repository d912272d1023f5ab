package loop

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/corio-go/corio/coro"
)

// Sequence records what a loop's tasks do, for a sequence diagram: who
// started whom, what each awaited and when, when each resumed and ended. It
// is a Recording: install it with WithRecording, run, then write the
// diagram with PlantUML or Mermaid. Participants are the tasks, in the order
// they started, and the things they awaited that are not tasks (sleep,
// future, queue, ...); every message carries the loop's time.
type Sequence struct {
	now          func() time.Duration
	participants []string
	known        map[string]bool
	messages     []message
	waitedOn     map[uint64]waited // what each suspended task awaits
	started      map[uint64]time.Duration
	parents      map[uint64]string
}

type message struct {
	from, to, text string
	at             time.Duration
}

type waited struct {
	who   string // the participant it awaits
	since time.Duration
}

// NewSequence returns an empty recorder.
func NewSequence() *Sequence {
	return &Sequence{
		known:    map[string]bool{},
		waitedOn: map[uint64]waited{},
		started:  map[uint64]time.Duration{},
		parents:  map[uint64]string{},
		now:      func() time.Duration { return 0 },
	}
}

// sequenceHooks is a Sequence seen as the instrument that records it.
type sequenceHooks struct{ *Sequence }

func (s *Sequence) instrument(now func() time.Duration) coro.Instrument {
	s.now = now
	return sequenceHooks{s}
}

func (s *Sequence) participant(name string) string {
	if !s.known[name] {
		s.known[name] = true
		s.participants = append(s.participants, name)
	}
	return name
}

func (s *Sequence) send(from, to, text string) {
	s.messages = append(s.messages, message{s.participant(from), s.participant(to), text, s.now()})
}

func (s sequenceHooks) TaskSpawned(t, parent coro.TaskRef) {
	from := "loop"
	if !parent.IsZero() {
		from = parent.Name()
	}
	s.parents[t.ID()] = from
	s.started[t.ID()] = s.now()
	s.send(from, t.Name(), "start")
}

func (s sequenceHooks) TaskScheduled(coro.TaskRef) {}

func (s sequenceHooks) StepStarted(t coro.TaskRef) {
	w, ok := s.waitedOn[t.ID()]
	if !ok {
		return
	}
	delete(s.waitedOn, t.ID())
	s.send(w.who, t.Name(), "resume after "+seconds(s.now()-w.since))
}

func (s sequenceHooks) StepEnded(t coro.TaskRef) {
	what := t.Awaiting()
	if what == "" { // the step ended the task: TaskExited says so
		return
	}
	who := kind(what)
	if other, ok := t.AwaitingTask(); ok {
		who = other.Name()
	}
	s.waitedOn[t.ID()] = waited{s.participant(who), s.now()}
	s.send(t.Name(), who, what)
}

func (s sequenceHooks) TaskExited(t coro.TaskRef, err error) {
	text := "done after " + seconds(s.now()-s.started[t.ID()])
	if err != nil {
		text += ": " + err.Error()
	}
	s.send(t.Name(), s.parents[t.ID()], text)
}

// kind names the participant of an awaitable that is not a task, from its
// description: "Sleep(1s)" is sleep, "Future[int]" future, "Gather(...)"
// gather.
func kind(what string) string {
	name := what
	if i := strings.IndexAny(name, "([ "); i > 0 {
		name = name[:i]
	}
	switch name {
	case "Sleep", "Yield":
		return "sleep"
	case "":
		return "?"
	}
	return strings.ToLower(name)
}

// seconds prints a duration as seconds, as the tutorial's diagram does.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

// Write writes the recorded sequence in format, "plantuml" or "mermaid".
func (s *Sequence) Write(w io.Writer, format string) error {
	switch format {
	case "plantuml":
		return s.PlantUML(w)
	case "mermaid":
		return s.Mermaid(w)
	}
	return fmt.Errorf("loop: sequence format %q: want plantuml or mermaid", format)
}

// PlantUML writes the recorded sequence as a PlantUML sequence diagram.
func (s *Sequence) PlantUML(w io.Writer) error {
	var b strings.Builder
	b.WriteString("@startuml\n")
	alias := map[string]string{}
	for i, p := range s.participants {
		alias[p] = "P" + strconv.Itoa(i)
		fmt.Fprintf(&b, "participant %q as %s\n", p, alias[p])
	}
	for _, m := range s.messages {
		fmt.Fprintf(&b, "%s -> %s : %s @ %s\n", alias[m.from], alias[m.to], m.text, seconds(m.at))
	}
	b.WriteString("@enduml\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Mermaid writes the recorded sequence as a Mermaid sequence diagram.
func (s *Sequence) Mermaid(w io.Writer) error {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	alias := map[string]string{}
	for i, p := range s.participants {
		alias[p] = "P" + strconv.Itoa(i)
		fmt.Fprintf(&b, "    participant %s as %s\n", alias[p], strings.NewReplacer(";", ",", "#", "").Replace(p))
	}
	for _, m := range s.messages {
		text := strings.NewReplacer(";", ",", "#", "").Replace(m.text)
		fmt.Fprintf(&b, "    %s->>%s: %s @ %s\n", alias[m.from], alias[m.to], text, seconds(m.at))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
