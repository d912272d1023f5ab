package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRun checks, under the virtual clock, the crawl's lines and task dump,
// the reports (a slow step, an error nobody awaited), and the sequence
// diagram against testdata (go test -update rewrites them; CI renders the
// diagram with plantuml), and that the Perfetto trace is valid JSON with a
// track per task.
func TestRun(t *testing.T) {
	var out, logs, diagram, perfetto bytes.Buffer
	if err := run(&out, &logs, &diagram, &perfetto, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
	for file, got := range map[string]*bytes.Buffer{
		"testdata/output.txt":    &out,
		"testdata/logs.txt":      &logs,
		"testdata/sequence.puml": &diagram,
	} {
		if *update {
			if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", file, diff)
		}
	}
	var doc struct {
		TraceEvents []struct {
			Ph   string         `json:"ph"`
			Args map[string]any `json:"args"`
		} `json:"traceEvents"`
	}
	if err := json.Unmarshal(perfetto.Bytes(), &doc); err != nil {
		t.Fatalf("the Perfetto trace is not JSON: %v", err)
	}
	tracks := 0
	for _, e := range doc.TraceEvents {
		if e.Ph == "M" {
			tracks++
		}
	}
	if tracks != 6 { // main, the forgotten check, and four crawls
		t.Errorf("%d tracks in the Perfetto trace, want 6", tracks)
	}
}
