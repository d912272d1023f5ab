// Package timer holds the timer queue and the clocks a corio loop runs on.
//
// A [Queue] orders [Timer] values by deadline, first in first out among equal
// deadlines, as asyncio's loop fires its call_later handles. Timers are intrusive:
// the owner embeds the Timer, so pushing one allocates nothing, and each Timer
// knows its place in the heap, so removing it needs no scan.
//
// A [Clock] is the loop's sense of time. [Real] follows the monotonic clock;
// [Virtual] jumps straight to the next deadline whenever the loop has nothing
// ready, so an hour of sleeps runs in microseconds and every duration a test
// observes is exact.
//
// Nothing here is safe for concurrent use unless its documentation says so: a
// loop owns its queue and its clock, and touches them from one goroutine.
package timer
