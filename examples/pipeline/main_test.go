package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func golden(t *testing.T) string {
	t.Helper()
	want, err := os.ReadFile("testdata/pipeline.out")
	if err != nil {
		t.Fatal(err)
	}
	return string(want)
}

// Under the virtual clock every time is exact.
func TestVirtualClock(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(golden(t), out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// On the real clock the times drift by a few milliseconds, and on a loaded
// machine by more: the events of each actor come in the same order, but how
// they interleave with the others', and whether the producer found the queue
// full (a margin of tens of milliseconds), can change. So this compares each
// actor's events, without the "queue full" notices; the virtual clock's test
// checks the whole output.
func TestRealClock(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(byActor(golden(t)), byActor(out.String())); diff != "" {
		t.Errorf("each actor's events (-want +got):\n%s", diff)
	}
}

// byActor returns the lines of an output by actor ("producer", "consumer A",
// ...), without their times and without the "queue full" notices.
func byActor(output string) map[string][]string {
	times := regexp.MustCompile(`^ *\d+ms `)
	events := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(output), "\n") {
		line = times.ReplaceAllString(line, "")
		if strings.Contains(line, "queue full") {
			continue
		}
		actor, _, _ := strings.Cut(line, ":")
		events[actor] = append(events[actor], line)
	}
	return events
}
