//go:build race

package bench

// raceEnabled reports whether the race detector is on: the largest
// benchmarks skip themselves then.
const raceEnabled = true
