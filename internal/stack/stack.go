// Package stack finds the user's code on a coroutine's stack: the first
// frame outside corio's own packages, for reports of where a task awaits or
// was spawned. The packages are named by their functions, not by a module
// path written out, so that a fork or a vendored copy still matches.
package stack

import (
	"reflect"
	"runtime"
	"strings"
)

// Prefix returns the prefix that the names of fn's package's functions
// share, "example.com/mod/pkg.", given any function of that package.
func Prefix(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		panic("stack: no package in function name " + name)
	}
	return name[:slash+1+dot+1]
}

// Outside returns the first frame of the calling goroutine, skip frames up
// from Outside's caller, whose function is in none of the packages given by
// their prefixes; ok is false if there is none.
func Outside(skip int, prefixes ...string) (f runtime.Frame, ok bool) {
	var pcs [32]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(skip+2, pcs[:])])
	for {
		f, more := frames.Next()
		if !inAny(f.Function, prefixes) {
			return f, f.PC != 0
		}
		if !more {
			return runtime.Frame{}, false
		}
	}
}

func inAny(function string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}
