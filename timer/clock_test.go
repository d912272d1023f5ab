package timer_test

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/timer"
)

// Both clocks are Clocks.
var (
	_ timer.Clock = (*timer.Virtual)(nil)
	_ timer.Clock = (*timer.Real)(nil)
)

func TestVirtualStartsAtZero(t *testing.T) {
	if got := timer.NewVirtual().Now(); got != 0 {
		t.Errorf("NewVirtual().Now() = %v, want 0", got)
	}
	var zero timer.Virtual
	if got := zero.Now(); got != 0 {
		t.Errorf("zero Virtual's Now() = %v, want 0", got)
	}
}

func TestVirtualSleep(t *testing.T) {
	type result struct {
		Woken bool
		Now   time.Duration
	}
	tests := []struct {
		name      string
		deadlines []time.Duration
		want      []result
	}{
		{
			"jumps to each deadline",
			[]time.Duration{time.Second, time.Minute, time.Hour},
			[]result{{false, time.Second}, {false, time.Minute}, {false, time.Hour}},
		},
		{
			"never goes backwards",
			[]time.Duration{5 * time.Second, 3 * time.Second, 5 * time.Second, 0, -time.Second, 6 * time.Second},
			[]result{
				{false, 5 * time.Second}, {false, 5 * time.Second}, {false, 5 * time.Second},
				{false, 5 * time.Second}, {false, 5 * time.Second}, {false, 6 * time.Second},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := timer.NewVirtual()
			wake := make(chan struct{}, 1)
			var got []result
			for _, d := range tt.deadlines {
				woken := c.Sleep(d, wake)
				got = append(got, result{woken, c.Now()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(woken, Now) after each Sleep (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVirtualSleepNilWake(t *testing.T) {
	c := timer.NewVirtual()
	if c.Sleep(time.Second, nil) {
		t.Errorf("Sleep(1s, nil) = true, want false")
	}
	if got := c.Now(); got != time.Second {
		t.Errorf("Now() = %v, want 1s", got)
	}
}

func TestVirtualSleepWoken(t *testing.T) {
	c := timer.NewVirtual()
	c.Advance(time.Second)
	wake := make(chan struct{}, 1)
	wake <- struct{}{}

	if !c.Sleep(time.Hour, wake) {
		t.Errorf("Sleep with a signal waiting = false, want true")
	}
	if got := c.Now(); got != time.Second {
		t.Errorf("Now() after a woken Sleep = %v, want 1s (unchanged)", got)
	}
	if n := len(wake); n != 0 {
		t.Errorf("%d signals left on wake, want 0 (Sleep takes the signal)", n)
	}
	// The signal is gone, so the next Sleep runs to its deadline.
	if c.Sleep(time.Hour, wake) {
		t.Errorf("second Sleep = true, want false")
	}
	if got := c.Now(); got != time.Hour {
		t.Errorf("Now() after second Sleep = %v, want 1h", got)
	}
}

func TestVirtualAdvance(t *testing.T) {
	tests := []struct {
		name string
		by   []time.Duration
		want time.Duration
	}{
		{"none", nil, 0},
		{"forward", []time.Duration{time.Second, 2 * time.Second}, 3 * time.Second},
		{"zero", []time.Duration{time.Second, 0}, time.Second},
		{"negative ignored", []time.Duration{time.Second, -time.Second, -time.Hour}, time.Second},
		{"negative then forward", []time.Duration{-time.Second, time.Millisecond}, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := timer.NewVirtual()
			for _, d := range tt.by {
				c.Advance(d)
			}
			if got := c.Now(); got != tt.want {
				t.Errorf("Now() = %v, want %v", got, tt.want)
			}
		})
	}
}

// Now may be called from any goroutine while the loop's goroutine sleeps and
// advances; run with -race.
func TestVirtualNowFromAnotherGoroutine(t *testing.T) {
	c := timer.NewVirtual()
	var wg sync.WaitGroup
	wg.Go(func() {
		var last time.Duration
		for range 10_000 {
			now := c.Now()
			if now < last {
				t.Errorf("Now() went backwards: %v after %v", now, last)
				return
			}
			last = now
		}
	})
	for i := range 1000 {
		c.Sleep(time.Duration(i)*time.Millisecond, nil)
		c.Advance(time.Microsecond)
	}
	wg.Wait()
	if got, want := c.Now(), 999*time.Millisecond+time.Microsecond; got != want {
		t.Errorf("Now() = %v, want %v", got, want)
	}
}

// The Real tests below run on the real clock; their bounds are generous so that
// a loaded machine does not fail them. TestRealSleepExact checks exact timings
// with faked time.

func TestRealNow(t *testing.T) {
	c := timer.NewReal()
	first := c.Now()
	if first < 0 || first > time.Second {
		t.Errorf("first Now() = %v, want near 0", first)
	}
	last := first
	for range 1000 {
		now := c.Now()
		if now < last {
			t.Fatalf("Now() went backwards: %v after %v", now, last)
		}
		last = now
	}
}

func TestRealSleepPastDeadline(t *testing.T) {
	c := timer.NewReal()
	for _, deadline := range []time.Duration{-time.Hour, 0, c.Now()} {
		start := time.Now()
		if c.Sleep(deadline, make(chan struct{})) {
			t.Errorf("Sleep(%v) = true, want false", deadline)
		}
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("Sleep(%v) took %v, want at once", deadline, elapsed)
		}
	}

	// A signal already waiting is taken even when the deadline has passed.
	wake := make(chan struct{}, 1)
	wake <- struct{}{}
	if !c.Sleep(-time.Hour, wake) {
		t.Errorf("Sleep(past) with a signal waiting = false, want true")
	}
	if n := len(wake); n != 0 {
		t.Errorf("%d signals left on wake, want 0", n)
	}
}

func TestRealSleepWoken(t *testing.T) {
	c := timer.NewReal()
	wake := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { wake <- struct{}{} })
	start := time.Now()
	woken := c.Sleep(c.Now()+time.Hour, wake)
	elapsed := time.Since(start)
	wg.Wait()
	if !woken {
		t.Errorf("Sleep(1h) woken from another goroutine = false, want true")
	}
	if elapsed > time.Minute {
		t.Errorf("woken Sleep took %v, want well under its 1h deadline", elapsed)
	}
}

func TestRealSleepDeadline(t *testing.T) {
	c := timer.NewReal()
	deadline := c.Now() + 20*time.Millisecond
	if c.Sleep(deadline, make(chan struct{})) {
		t.Errorf("Sleep to a deadline = true, want false")
	}
	if now := c.Now(); now < deadline {
		t.Errorf("Sleep returned at %v, before its deadline %v", now, deadline)
	}
}

// TestRealSleepExact runs a Real clock in a synctest bubble, where time is fake
// and moves only when every goroutine is blocked, so each sleep ends exactly at
// its deadline. It also covers the reuse of the clock's timer after it fired
// and after it was stopped.
func TestRealSleepExact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := timer.NewReal()
		wake := make(chan struct{})
		type result struct {
			Woken bool
			Now   time.Duration
		}
		var got []result
		sleep := func(deadline time.Duration) {
			woken := c.Sleep(deadline, wake)
			got = append(got, result{woken, c.Now()})
		}

		got = append(got, result{false, c.Now()})
		sleep(20 * time.Millisecond) // first sleep: creates the timer
		sleep(50 * time.Millisecond) // after the timer fired
		go func() {
			time.Sleep(5 * time.Millisecond)
			wake <- struct{}{}
		}()
		sleep(time.Hour)             // woken at 55ms
		sleep(70 * time.Millisecond) // after the timer was stopped
		sleep(10 * time.Millisecond) // past

		want := []result{
			{false, 0},
			{false, 20 * time.Millisecond},
			{false, 50 * time.Millisecond},
			{true, 55 * time.Millisecond},
			{false, 70 * time.Millisecond},
			{false, 70 * time.Millisecond},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(woken, Now) after each Sleep (-want +got):\n%s", diff)
		}
	})
}
