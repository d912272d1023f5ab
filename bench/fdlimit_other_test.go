//go:build !unix

package bench

// fdLimit reports that it cannot tell the limit on open files.
func fdLimit() (int, bool) { return 0, false }
