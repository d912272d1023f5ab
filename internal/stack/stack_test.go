package stack_test

import (
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/corio-go/corio/internal/stack"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPrefixNamesThePackage(t *testing.T) {
	if got, want := stack.Prefix(stack.Outside), "github.com/corio-go/corio/internal/stack."; got != want {
		t.Errorf("Prefix(stack.Outside) = %q, want %q", got, want)
	}
	if got, want := stack.Prefix(strings.Cut), "strings."; got != want {
		t.Errorf("Prefix(strings.Cut) = %q, want %q", got, want)
	}
}

// inside calls Outside from a function of this test package, as corio's
// packages call it from theirs.
func inside(prefixes ...string) (string, bool) {
	f, ok := stack.Outside(0, prefixes...)
	return f.Function, ok
}

func TestOutsideSkipsTheGivenPackages(t *testing.T) {
	self := stack.Prefix(inside)
	got, ok := inside(self)
	if !ok || !strings.HasPrefix(got, "testing.") {
		t.Errorf("first frame outside %q = %q, %v; want the testing package's", self, got, ok)
	}
	got, ok = inside()
	if !ok || got != self+"inside" {
		t.Errorf("first frame outside nothing = %q, %v; want %q", got, ok, self+"inside")
	}
	if _, ok := inside(self, "testing.", "runtime."); ok {
		t.Error("found a frame outside every package on the stack")
	}
}
