package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/loop"
)

var update = flag.Bool("update", false, "rewrite the golden sequence diagrams in testdata")

// TestSequenceDiagrams runs the program under the virtual clock with a
// loop.Sequence and compares the diagrams it records, in PlantUML and in
// Mermaid, with testdata/sequence.puml and testdata/sequence.mmd (go test
// -update rewrites them; CI renders the PlantUML with plantuml).
func TestSequenceDiagrams(t *testing.T) {
	seq := loop.NewSequence()
	if err := run(new(bytes.Buffer), loop.WithVirtualClock(), loop.WithRecording(seq)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ file, format string }{
		{"testdata/sequence.puml", "plantuml"},
		{"testdata/sequence.mmd", "mermaid"},
	} {
		var got bytes.Buffer
		if err := seq.Write(&got, f.format); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(f.file, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.file, diff)
		}
	}
}
