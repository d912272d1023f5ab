package timer_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/corio-go/corio/timer"
)

// step is one operation on a Queue in a table test: push the timer named name
// at when, or remove it.
type step struct {
	remove bool
	name   string
	when   time.Duration
}

func push(name string, when time.Duration) step { return step{name: name, when: when} }
func remove(name string) step                   { return step{remove: true, name: name} }

// drain pops every timer from q and returns their values in order.
func drain(q *timer.Queue[string]) []string {
	var got []string
	for t := q.Pop(); t != nil; t = q.Pop() {
		got = append(got, t.Value)
	}
	return got
}

// countdown pushes n timers named n, n-1, ..., 1 at deadlines equal to their names.
func countdown(n int) []step {
	var steps []step
	for i := n; i > 0; i-- {
		steps = append(steps, push(fmt.Sprint(i), time.Duration(i)))
	}
	return steps
}

// names returns "1", "2", ..., "n".
func names(n int) []string {
	var s []string
	for i := 1; i <= n; i++ {
		s = append(s, fmt.Sprint(i))
	}
	return s
}

func TestQueueOrder(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []string // pop order
	}{
		{"empty", nil, nil},
		{
			"by deadline",
			[]step{push("c", 3), push("a", 1), push("b", 2)},
			[]string{"a", "b", "c"},
		},
		{
			"negative and zero deadlines",
			[]step{push("zero", 0), push("late", time.Hour), push("past", -time.Second)},
			[]string{"past", "zero", "late"},
		},
		{"deeper than one level of four", countdown(40), names(40)},
		{
			"FIFO among equal deadlines",
			[]step{push("a", 5), push("b", 5), push("c", 5), push("d", 5), push("e", 5), push("f", 5)},
			[]string{"a", "b", "c", "d", "e", "f"},
		},
		{
			"FIFO among equal deadlines, interleaved",
			[]step{push("a", 2), push("b", 1), push("c", 2), push("d", 1), push("e", 2), push("f", 1)},
			[]string{"b", "d", "f", "a", "c", "e"},
		},
		{
			"FIFO after interleaved removes",
			[]step{
				push("x", 0), push("a", 1), push("b", 1), push("y", 0), push("c", 1),
				remove("b"), push("d", 1), remove("x"), push("e", 1), remove("a"),
				push("f", 1), remove("y"), push("g", 1),
			},
			[]string{"c", "d", "e", "f", "g"},
		},
		{
			"re-push counts as last among equal deadlines",
			[]step{push("a", 1), push("b", 1), push("c", 1), push("a", 1)},
			[]string{"b", "c", "a"},
		},
		{
			"re-push to an earlier deadline",
			[]step{push("a", 5), push("b", 3), push("c", 4), push("a", 1)},
			[]string{"a", "b", "c"},
		},
		{
			"re-push to a later deadline",
			[]step{push("a", 1), push("b", 2), push("c", 3), push("a", 9)},
			[]string{"b", "c", "a"},
		},
		{
			"re-push after remove",
			[]step{push("a", 1), push("b", 1), remove("a"), push("a", 1)},
			[]string{"b", "a"},
		},
		{
			"remove all",
			[]step{push("a", 1), push("b", 2), push("c", 3), remove("b"), remove("a"), remove("c")},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q timer.Queue[string]
			timers := map[string]*timer.Timer[string]{}
			for _, s := range tt.steps {
				tm := timers[s.name]
				if tm == nil {
					tm = &timer.Timer[string]{Value: s.name}
					timers[s.name] = tm
				}
				if s.remove {
					if !q.Remove(tm) {
						t.Fatalf("Remove(%s) = false, want true", s.name)
					}
				} else {
					q.Push(tm, s.when)
				}
			}
			if got := q.Len(); got != len(tt.want) {
				t.Errorf("Len() = %d, want %d", got, len(tt.want))
			}
			if diff := cmp.Diff(tt.want, drain(&q)); diff != "" {
				t.Errorf("pop order (-want +got):\n%s", diff)
			}
			if got := q.Len(); got != 0 {
				t.Errorf("Len() after draining = %d, want 0", got)
			}
			for name, tm := range timers {
				if tm.Queued() {
					t.Errorf("timer %s still queued after draining", name)
				}
			}
		})
	}
}

func TestQueueEmpty(t *testing.T) {
	tests := []struct {
		name  string
		setup func(q *timer.Queue[string])
	}{
		{"zero", func(*timer.Queue[string]) {}},
		{"drained", func(q *timer.Queue[string]) {
			q.Push(&timer.Timer[string]{}, 1)
			q.Pop()
		}},
		{"all removed", func(q *timer.Queue[string]) {
			tm := &timer.Timer[string]{}
			q.Push(tm, 1)
			q.Remove(tm)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q timer.Queue[string]
			tt.setup(&q)
			if got := q.Len(); got != 0 {
				t.Errorf("Len() = %d, want 0", got)
			}
			if got := q.Peek(); got != nil {
				t.Errorf("Peek() = %v, want nil", got)
			}
			if got := q.Pop(); got != nil {
				t.Errorf("Pop() = %v, want nil", got)
			}
			if got := q.PopDue(time.Duration(1<<63 - 1)); got != nil {
				t.Errorf("PopDue(max) = %v, want nil", got)
			}
		})
	}
}

func TestQueuePeek(t *testing.T) {
	var q timer.Queue[string]
	a := &timer.Timer[string]{Value: "a"}
	b := &timer.Timer[string]{Value: "b"}
	q.Push(b, 2)
	q.Push(a, 1)
	for range 2 {
		if got := q.Peek(); got != a {
			t.Fatalf("Peek() = %v, want a", got)
		}
	}
	if got := q.Len(); got != 2 {
		t.Errorf("Len() after Peek = %d, want 2", got)
	}
	if !a.Queued() {
		t.Errorf("Peek dequeued its timer")
	}
}

func TestQueuePopDue(t *testing.T) {
	tests := []struct {
		now  time.Duration
		want []string
	}{
		{-1, nil},
		{0, nil},
		{1, []string{"a"}},
		{2, []string{"a", "b", "c"}},
		{3, []string{"a", "b", "c", "d"}},
		{time.Hour, []string{"a", "b", "c", "d"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("now=", int64(tt.now)), func(t *testing.T) {
			var q timer.Queue[string]
			for _, s := range []step{push("d", 3), push("b", 2), push("a", 1), push("c", 2)} {
				q.Push(&timer.Timer[string]{Value: s.name}, s.when)
			}
			var got []string
			for tm := q.PopDue(tt.now); tm != nil; tm = q.PopDue(tt.now) {
				if tm.When() > tt.now {
					t.Errorf("PopDue(%d) returned %s due at %d", tt.now, tm.Value, tm.When())
				}
				got = append(got, tm.Value)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PopDue(%d) sequence (-want +got):\n%s", tt.now, diff)
			}
			if got, want := q.Len(), 4-len(tt.want); got != want {
				t.Errorf("Len() = %d, want %d", got, want)
			}
		})
	}
}

func TestQueueRemove(t *testing.T) {
	tests := []struct {
		name  string
		setup func(q *timer.Queue[string], tm *timer.Timer[string])
		want  bool
	}{
		{"never pushed", func(*timer.Queue[string], *timer.Timer[string]) {}, false},
		{"queued", func(q *timer.Queue[string], tm *timer.Timer[string]) {
			q.Push(tm, 2)
		}, true},
		{"popped", func(q *timer.Queue[string], tm *timer.Timer[string]) {
			q.Push(tm, 0) // first, so Pop takes it
			q.Pop()
		}, false},
		{"popped as due", func(q *timer.Queue[string], tm *timer.Timer[string]) {
			q.Push(tm, 0)
			q.PopDue(0)
		}, false},
		{"removed already", func(q *timer.Queue[string], tm *timer.Timer[string]) {
			q.Push(tm, 2)
			q.Remove(tm)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q timer.Queue[string]
			// Neighbours, so that the heap has to be repaired around the removal.
			for _, s := range []step{push("a", 1), push("b", 3), push("c", 2)} {
				q.Push(&timer.Timer[string]{Value: s.name}, s.when)
			}
			tm := &timer.Timer[string]{Value: "t"}
			tt.setup(&q, tm)
			n := q.Len()
			if got := q.Remove(tm); got != tt.want {
				t.Errorf("Remove() = %v, want %v", got, tt.want)
			}
			if tm.Queued() {
				t.Errorf("Queued() = true after Remove")
			}
			wantLen := n
			if tt.want {
				wantLen--
			}
			if got := q.Len(); got != wantLen {
				t.Errorf("Len() = %d, want %d", got, wantLen)
			}
			got := drain(&q)
			if slices.Contains(got, "t") {
				t.Errorf("removed timer popped: %v", got)
			}
		})
	}
}

// TestQueueManyRemovals removes most of a large queue, which rebuilds the heap
// without its dead entries, and checks that what is left pops in order.
func TestQueueManyRemovals(t *testing.T) {
	var q timer.Queue[int]
	timers := make([]timer.Timer[int], 1000)
	for i := range timers {
		timers[i].Value = i
		q.Push(&timers[i], time.Duration((i*7919)%1000)) // a permutation of 0..999
	}
	var want []int
	for i := range timers {
		if i%10 == 3 {
			want = append(want, i)
			continue
		}
		if !q.Remove(&timers[i]) {
			t.Fatalf("Remove(%d) = false", i)
		}
	}
	if q.Len() != len(want) {
		t.Fatalf("Len = %d after removals, want %d", q.Len(), len(want))
	}
	slices.SortFunc(want, func(a, b int) int { return (a*7919)%1000 - (b*7919)%1000 })
	var got []int
	for tm := q.Pop(); tm != nil; tm = q.Pop() {
		got = append(got, tm.Value)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pop order after removals (-want +got):\n%s", diff)
	}
	// Removing every timer rebuilds an empty heap.
	for i := range timers {
		q.Push(&timers[i], time.Duration(i))
	}
	for i := range timers {
		q.Remove(&timers[i])
	}
	if q.Len() != 0 || q.Pop() != nil {
		t.Errorf("after removing every timer: Len %d, want 0 and Pop nil", q.Len())
	}
}

func TestTimerQueuedWhen(t *testing.T) {
	type state struct {
		Queued bool
		When   time.Duration
	}
	var q timer.Queue[string]
	var tm timer.Timer[string]
	var got []state
	observe := func() { got = append(got, state{tm.Queued(), tm.When()}) }

	observe()
	q.Push(&tm, 5)
	observe()
	q.Push(&tm, 7)
	observe()
	q.Pop()
	observe()
	q.Push(&tm, 3)
	observe()
	q.Remove(&tm)
	observe()
	q.Push(&tm, -2)
	observe()
	q.PopDue(0)
	observe()

	want := []state{
		{false, 0},
		{true, 5},
		{true, 7},
		{false, 7},
		{true, 3},
		{false, 3},
		{true, -2},
		{false, -2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(Queued, When) after each step (-want +got):\n%s", diff)
	}
}

// model is the reference a Queue is checked against: a slice kept sorted by
// deadline, then by push order.
type model struct {
	entries []entry
	seq     uint64
}

type entry struct {
	id   int
	when time.Duration
	seq  uint64
}

func (m *model) push(id int, when time.Duration) {
	m.remove(id)
	m.seq++
	e := entry{id, when, m.seq}
	i := slices.IndexFunc(m.entries, func(x entry) bool {
		return x.when > e.when // first strictly later: e goes after its equals
	})
	if i < 0 {
		i = len(m.entries)
	}
	m.entries = slices.Insert(m.entries, i, e)
}

func (m *model) index(id int) int {
	return slices.IndexFunc(m.entries, func(e entry) bool { return e.id == id })
}

func (m *model) remove(id int) bool {
	i := m.index(id)
	if i < 0 {
		return false
	}
	m.entries = slices.Delete(m.entries, i, i+1)
	return true
}

// popDue removes and returns the first entry's id if it is due at now, and -1 otherwise.
func (m *model) popDue(now time.Duration) int {
	if len(m.entries) == 0 || m.entries[0].when > now {
		return -1
	}
	id := m.entries[0].id
	m.entries = m.entries[1:]
	return id
}

func (m *model) pop() int { return m.popDue(time.Duration(1<<63 - 1)) }

// ids returns the queued ids in the order they will pop.
func (m *model) ids() []int {
	ids := []int{}
	for _, e := range m.entries {
		ids = append(ids, e.id)
	}
	return ids
}

// failer is what the harness needs of a *testing.T or a *rapid.T.
type failer interface {
	Helper()
	Fatalf(format string, args ...any)
}

// harness runs the same operations on a Queue and on a model, and checks that
// they agree. Timer i has Value i.
type harness struct {
	q      timer.Queue[int]
	timers []timer.Timer[int]
	m      model
}

func newHarness(n int) *harness {
	h := &harness{timers: make([]timer.Timer[int], n)}
	for i := range h.timers {
		h.timers[i].Value = i
	}
	return h
}

func idOf(tm *timer.Timer[int]) int {
	if tm == nil {
		return -1
	}
	return tm.Value
}

func (h *harness) push(id int, when time.Duration) {
	h.q.Push(&h.timers[id], when)
	h.m.push(id, when)
}

func (h *harness) remove(t failer, id int) {
	t.Helper()
	got, want := h.q.Remove(&h.timers[id]), h.m.remove(id)
	if got != want {
		t.Fatalf("Remove(%d) = %v, want %v", id, got, want)
	}
}

func (h *harness) pop(t failer) {
	t.Helper()
	if got, want := idOf(h.q.Pop()), h.m.pop(); got != want {
		t.Fatalf("Pop() = %d, want %d", got, want)
	}
}

func (h *harness) popDue(t failer, now time.Duration) {
	t.Helper()
	if got, want := idOf(h.q.PopDue(now)), h.m.popDue(now); got != want {
		t.Fatalf("PopDue(%d) = %d, want %d", now, got, want)
	}
}

func (h *harness) peek(t failer) {
	t.Helper()
	want := -1
	if len(h.m.entries) > 0 {
		want = h.m.entries[0].id
	}
	if got := idOf(h.q.Peek()); got != want {
		t.Fatalf("Peek() = %d, want %d", got, want)
	}
}

// check compares Len, and each timer's Queued and When, with the model.
func (h *harness) check(t failer) {
	t.Helper()
	if got, want := h.q.Len(), len(h.m.entries); got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
	for id := range h.timers {
		tm := &h.timers[id]
		i := h.m.index(id)
		if got, want := tm.Queued(), i >= 0; got != want {
			t.Fatalf("timer %d: Queued() = %v, want %v", id, got, want)
		}
		if i >= 0 && tm.When() != h.m.entries[i].when {
			t.Fatalf("timer %d: When() = %d, want %d", id, tm.When(), h.m.entries[i].when)
		}
	}
}

// drain pops everything and compares the whole order with the model's.
func (h *harness) drain(t failer) {
	t.Helper()
	want := h.m.ids()
	got := []int{}
	for tm := h.q.Pop(); tm != nil; tm = h.q.Pop() {
		got = append(got, tm.Value)
	}
	h.m.entries = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("drain order (-want +got):\n%s", diff)
	}
}

func TestQueueMatchesModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		h := newHarness(rapid.IntRange(1, 100).Draw(t, "timers"))
		ids := rapid.IntRange(0, len(h.timers)-1)
		// A narrow range of deadlines, so that ties are common.
		whens := rapid.Map(rapid.Int64Range(-2, 10), func(n int64) time.Duration { return time.Duration(n) })
		t.Repeat(map[string]func(*rapid.T){
			"push": func(t *rapid.T) {
				h.push(ids.Draw(t, "id"), whens.Draw(t, "when"))
			},
			// A run has about 30 steps; this action grows the heap several
			// levels deep in one, so that repairs deep in it are exercised.
			"push many": func(t *rapid.T) {
				for range rapid.IntRange(1, 50).Draw(t, "n") {
					h.push(ids.Draw(t, "id"), whens.Draw(t, "when"))
				}
			},
			"re-push": func(t *rapid.T) {
				if len(h.m.entries) == 0 {
					return
				}
				e := rapid.SampledFrom(h.m.entries).Draw(t, "queued")
				h.push(e.id, whens.Draw(t, "when"))
			},
			"remove": func(t *rapid.T) { h.remove(t, ids.Draw(t, "id")) },
			"pop":    func(t *rapid.T) { h.pop(t) },
			"popDue": func(t *rapid.T) { h.popDue(t, whens.Draw(t, "now")) },
			"peek":   func(t *rapid.T) { h.peek(t) },
			"":       func(t *rapid.T) { h.check(t) },
		})
		h.drain(t)
		h.check(t)
	})
}

// FuzzHeap decodes its input three bytes at a time into operations on 64
// timers: kind, timer, deadline. Deadlines fall in [-8, 24), so ties are common.
func FuzzHeap(f *testing.F) {
	const (
		fuzzPush = iota
		fuzzRemove
		fuzzPop
		fuzzPopDue
	)
	f.Add([]byte{})
	f.Add([]byte{fuzzPop, 0, 0, fuzzPopDue, 0, 0, fuzzRemove, 0, 0})
	f.Add([]byte{
		fuzzPush, 1, 8, fuzzPush, 2, 8, fuzzPush, 3, 8, fuzzPush, 1, 8,
		fuzzRemove, 2, 0, fuzzPush, 4, 0, fuzzPopDue, 0, 8, fuzzPop, 0, 0,
	})
	// Fill all 64 timers in reverse order, then pop a few and re-push others.
	var fill []byte
	for i := 63; i >= 0; i-- {
		fill = append(fill, fuzzPush, byte(i), byte(i%32))
	}
	fill = append(fill, fuzzPop, 0, 0, fuzzPop, 0, 0, fuzzPush, 40, 0, fuzzRemove, 17, 0)
	f.Add(fill)

	f.Fuzz(func(t *testing.T, ops []byte) {
		h := newHarness(64)
		for ; len(ops) >= 3; ops = ops[3:] {
			id := int(ops[1] % 64)
			when := time.Duration(int(ops[2]%32) - 8)
			switch ops[0] % 4 {
			case fuzzPush:
				h.push(id, when)
			case fuzzRemove:
				h.remove(t, id)
			case fuzzPop:
				h.pop(t)
			case fuzzPopDue:
				h.popDue(t, when)
			}
			h.peek(t)
			h.check(t)
		}
		h.drain(t)
		h.check(t)
	})
}
