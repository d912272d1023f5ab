//go:build unix

package bench

import "syscall"

// fdLimit returns the hard limit on a process's open files, which the Go
// runtime raises the soft limit to, and whether it could tell.
func fdLimit() (int, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil || r.Max > 1<<30 {
		return 0, false
	}
	return int(r.Max), true
}
