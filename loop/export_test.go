package loop

// IdleCoroutines returns the number of parked coroutines l keeps for reuse.
func IdleCoroutines(l *Loop) int { return l.tasks.Idle() }

// UnseenFailures returns the number of failed tasks l keeps for its report at
// close because nothing asked for their outcome.
func UnseenFailures(l *Loop) int { return len(l.tasks.Unseen()) }
