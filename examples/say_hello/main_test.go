package main

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"testing"
	stdtime "time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/corio-go/corio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testdata/asyncio.out is what CPython 3.11 printed for say_hello.py (a copy
// of shared/seed/say_hello.out.txt); its totals are measured, so the tests
// compare the lines with the totals taken out, then check the totals.
var total = regexp.MustCompile(`total\(([0-9.e-]+)\)`)

func lines(t *testing.T, out []byte) (shape []string, totals []float64) {
	t.Helper()
	for _, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if m := total.FindSubmatch(line); m != nil {
			v, err := strconv.ParseFloat(string(m[1]), 64)
			if err != nil {
				t.Fatalf("total %q: %v", m[1], err)
			}
			totals = append(totals, v)
			line = total.ReplaceAll(line, []byte("total(T)"))
		}
		shape = append(shape, string(line))
	}
	return shape, totals
}

func asyncio(t *testing.T) []string {
	t.Helper()
	want, err := os.ReadFile("testdata/asyncio.out")
	if err != nil {
		t.Fatal(err)
	}
	shape, _ := lines(t, want)
	return shape
}

func TestVirtualClockMatchesAsyncio(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, loop.WithVirtualClock()); err != nil {
		t.Fatal(err)
	}
	shape, totals := lines(t, out.Bytes())
	if diff := cmp.Diff(asyncio(t), shape); diff != "" {
		t.Errorf("lines differ from asyncio's (-asyncio +corio):\n%s", diff)
	}
	// Under virtual time every total is exactly one second, printed as
	// Python prints the float 1.0.
	if diff := cmp.Diff([]float64{1, 1, 1, 1}, totals); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if n := bytes.Count(out.Bytes(), []byte("total(1.0)")); n != 4 {
		t.Errorf("%d totals printed as 1.0, want 4:\n%s", n, out.Bytes())
	}
}

// TestRealClockSleepsOverlap runs the program on the real clock: three
// one-second sleeps take about one second in all, not three.
func TestRealClockSleepsOverlap(t *testing.T) {
	if testing.Short() {
		t.Skip("real clock: takes a second")
	}
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	shape, totals := lines(t, out.Bytes())
	if diff := cmp.Diff(asyncio(t), shape); diff != "" {
		t.Errorf("lines differ from asyncio's (-asyncio +corio):\n%s", diff)
	}
	if len(totals) != 4 {
		t.Fatalf("got %d totals, want 4", len(totals))
	}
	for i, v := range totals {
		if v < 1 || v >= 1.5 {
			t.Errorf("total %d = %vs, want about 1s (at least 1, well under 2)", i, v)
		}
	}
}

func TestSeconds(t *testing.T) {
	for _, tc := range []struct {
		ns   int64
		want string
	}{
		{1e9, "1.0"},
		{0, "0.0"},
		{1001408338, "1.001408338"},
		{2500000000, "2.5"},
	} {
		if got := seconds(stdtime.Duration(tc.ns)); got != tc.want {
			t.Errorf("seconds(%d) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}
