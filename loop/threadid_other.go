//go:build !linux

package loop

// threadID returns 0: the thread is not known on this system.
func threadID() int { return 0 }
