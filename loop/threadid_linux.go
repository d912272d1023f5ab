package loop

import "syscall"

// threadID returns the calling OS thread's ID.
func threadID() int { return syscall.Gettid() }
