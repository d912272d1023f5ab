package sim

import "time"

// Level is a quantity that holds its value between changes, averaged over
// time: the length of a queue, the units of a resource in use, the stock of a
// Container. Its mean weighs each value by how long it held, which is what
// queueing theory's L and utilisation are. Times are the loop's (coro.Now).
//
// The zero Level is 0 from time 0. A Level is used on the loop's goroutine.
type Level struct {
	value  float64
	since  time.Duration // when value was set
	start  time.Duration // when the measurement began
	area   float64       // the integral of value from start to since, in value·seconds
	max    float64
	hasMax bool
}

// Set records that the level is v from now on. A now before the last change
// counts as the last change's time.
func (l *Level) Set(now time.Duration, v float64) {
	l.advance(now)
	l.value = v
	if !l.hasMax || v > l.max {
		l.max, l.hasMax = v, true
	}
}

// Add changes the level by d from now on.
func (l *Level) Add(now time.Duration, d float64) { l.Set(now, l.value+d) }

// Value returns the current level.
func (l *Level) Value() float64 { return l.value }

// Max returns the highest level since the measurement began.
func (l *Level) Max() float64 {
	if !l.hasMax {
		return l.value
	}
	return l.max
}

// Mean returns the time-weighted mean of the level from the beginning of the
// measurement until now, or the current value if no time has passed. A now
// before the last change counts as the last change's time: the Level keeps
// no history.
func (l *Level) Mean(now time.Duration) float64 {
	if now < l.since {
		now = l.since
	}
	span := now - l.start
	if span <= 0 {
		return l.value
	}
	area := l.area + l.value*(now-l.since).Seconds()
	return area / span.Seconds()
}

// Reset begins the measurement again at now, keeping the current value: to
// leave out a warm-up period.
func (l *Level) Reset(now time.Duration) {
	l.advance(now)
	l.start, l.area = l.since, 0
	l.max, l.hasMax = l.value, true
}

func (l *Level) advance(now time.Duration) {
	if now > l.since {
		l.area += l.value * (now - l.since).Seconds()
		l.since = now
	}
}
