package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestConversation runs the scripted conversation and compares what each
// member saw with testdata/output.txt: bob hears alice leave when the server
// shuts down, as her handler, cancelled, says goodbye inside coro.Cleanup and
// her stream, closed gracefully, delivers it. It runs several times: the
// order is the loop's, not chance.
func TestConversation(t *testing.T) {
	want, err := os.ReadFile("testdata/output.txt")
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		var out bytes.Buffer
		if err := run(&out); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), out.String()); diff != "" {
			t.Fatalf("output (-want +got):\n%s", diff)
		}
	}
}
