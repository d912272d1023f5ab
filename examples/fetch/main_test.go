package main

import (
	"bytes"
	"net/http"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestOutput checks that the statuses come in the order asked, with the page
// sizes, and that the five requests ran at once (about 300 ms, the slowest).
func TestOutput(t *testing.T) {
	srv := newServer()
	defer srv.Close()
	defer http.DefaultClient.CloseIdleConnections()
	var out bytes.Buffer
	if err := run(&out, srv.URL); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/fetch.out")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
