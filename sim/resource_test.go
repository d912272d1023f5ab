package sim_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"github.com/corio-go/corio/sim"
)

// user acquires r at priority, holds it for d, and logs when.
func user(r *sim.Resource, lg *log, name string, priority int, d time.Duration) func(Y) error {
	return func(yield Y) error {
		if err := r.AcquirePriority(yield, priority); err != nil {
			return err
		}
		lg.add(yield, "%s gets it", name)
		defer r.Release()
		return sleep(yield, d)
	}
}

func TestResourceFirstComeFirstServed(t *testing.T) {
	r := sim.NewResource(1)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			for _, name := range []string{"a", "b", "c"} {
				g.Go(user(r, &lg, name, 0, time.Second))
			}
			return nil
		})
	})
	want := log{"0s a gets it", "1s b gets it", "2s c gets it"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0, 1, 2}, r.Waits().Values()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestResourceCapacity(t *testing.T) {
	r := sim.NewResource(2)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			for _, name := range []string{"a", "b", "c", "d", "e"} {
				g.Go(user(r, &lg, name, 0, time.Second))
			}
			if err := sleep(yield, time.Millisecond); err != nil {
				return err
			}
			if r.Count() != 2 || r.Queued() != 3 || r.String() != "Resource[2/2 in use, 3 waiting]" {
				t.Errorf("at 1ms: %d in use, %d waiting, %s", r.Count(), r.Queued(), r)
			}
			return nil
		})
	})
	want := log{"0s a gets it", "0s b gets it", "1s c gets it", "1s d gets it", "2s e gets it"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// Waiting requests go by priority, lower numbers first, then by arrival.
func TestResourcePriority(t *testing.T) {
	r := sim.NewResource(1)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(user(r, &lg, "first", 9, time.Second))
			for _, u := range []struct {
				name string
				prio int
			}{{"low", 5}, {"high", 1}, {"mid", 3}, {"high again", 1}} {
				g.Go(user(r, &lg, u.name, u.prio, time.Second))
			}
			return nil
		})
	})
	want := log{"0s first gets it", "1s high gets it", "2s high again gets it", "3s mid gets it", "4s low gets it"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// A customer who gives up (a timeout while waiting) leaves the line and takes
// nothing; the next one is served, and only served requests count as waits.
func TestResourceRenege(t *testing.T) {
	r := sim.NewResource(1)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(user(r, &lg, "a", 0, 10*time.Second))
			g.Go(func(yield Y) error {
				_, err := coro.Timeout(yield, 3*time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
					return struct{}{}, r.Acquire(yield)
				}))
				if !errors.Is(err, coro.ErrTimeout) {
					t.Errorf("impatient customer: got %v, want a timeout", err)
				}
				lg.add(yield, "impatient leaves with %d waiting", r.Queued())
				return nil
			})
			g.Go(user(r, &lg, "c", 0, time.Second))
			return nil
		})
	})
	want := log{"0s a gets it", "3s impatient leaves with 1 waiting", "10s c gets it"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0, 10}, r.Waits().Values()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// A task cancelled in the turn its unit was handed over keeps the unit: it
// is not lost, and the task releases it.
func TestResourceServedThenCancelled(t *testing.T) {
	r := sim.NewResource(1)
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			if err := r.Acquire(yield); err != nil {
				return err
			}
			waiter := coro.Spawn(yield, coro.Func[bool](func(yield Y) (bool, error) {
				err := r.Acquire(yield)
				if err == nil {
					r.Release()
				}
				return err == nil, nil
			}))
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			r.Release()        // hands the unit to the waiter...
			waiter.Cancel(nil) // ...which is cancelled before it runs
			got, err := waiter.Await(yield)
			if err != nil || !got {
				t.Errorf("waiter: got unit %v, %v; want the unit it was handed", got, err)
			}
			if r.Count() != 0 || r.Queued() != 0 {
				t.Errorf("afterwards %s, want it free", r)
			}
			return nil
		})
	})
}

func TestResourceMisuse(t *testing.T) {
	mustPanic(t, "sim: NewResource(0)", func() { sim.NewResource(0) })
	mustPanic(t, "sim: Resource.Release with no unit in use", func() { sim.NewResource(1).Release() })

	r := sim.NewResource(1)
	simulate(t, func(yield Y) error { return r.Acquire(yield) })
	err := loop.Main(func(yield Y) error { return r.Acquire(yield) }, loop.WithVirtualClock())
	if !errors.Is(err, coro.ErrWrongLoop) {
		t.Errorf("a resource used from a second loop: got %v, want ErrWrongLoop", err)
	}
}

func mustPanic(t *testing.T, prefix string, fn func()) {
	t.Helper()
	defer func() {
		r := recover()
		if msg := fmt.Sprint(r); r == nil || len(msg) < len(prefix) || msg[:len(prefix)] != prefix {
			t.Errorf("got panic %v, want one starting %q", r, prefix)
		}
	}()
	fn()
}

// The statistics of a run worked out by hand: a holds 0–2s, b waits 0–2s
// and holds 2–3s, and the run ends at 4s.
func TestResourceStatistics(t *testing.T) {
	r := sim.NewResource(1)
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var lg log
	loop.Start(l, coro.Coroutine(func(yield Y) { user(r, &lg, "a", 0, 2*time.Second)(yield) }))
	loop.Start(l, coro.Coroutine(func(yield Y) { user(r, &lg, "b", 0, time.Second)(yield) }))
	if err := l.RunUntil(4 * time.Second); err != nil {
		t.Fatal(err)
	}
	if u := r.Utilization(); u != 0.75 {
		t.Errorf("utilisation %v, want 3s of 4 = 0.75", u)
	}
	if q := r.QueueOverTime().Mean(l.Now()); q != 0.5 {
		t.Errorf("mean queue %v, want 2s of 4 with one waiting = 0.5", q)
	}
	if m := r.QueueOverTime().Max(); m != 1 {
		t.Errorf("longest queue %v, want 1", m)
	}
	if diff := cmp.Diff([]float64{0, 2}, r.Waits().Values()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	r.ResetStats()
	if err := l.RunUntil(6 * time.Second); err != nil {
		t.Fatal(err)
	}
	if u, n := r.Utilization(), r.Waits().Count(); u != 0 || n != 0 {
		t.Errorf("after ResetStats at 4s, an idle 4–6s: utilisation %v, %d waits; want 0 and 0", u, n)
	}
}

// Use lets a request of strictly higher priority preempt the user with the
// lowest: its body is cancelled with a *Preempted, which Use returns, and
// the preempting request gets the unit at once.
func TestResourcePreemption(t *testing.T) {
	r := sim.NewResource(1)
	var lg log
	var preempted *sim.Preempted
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(func(yield Y) error {
				err := r.Use(yield, sim.Request{Priority: 5}, func(yield Y) error {
					lg.add(yield, "repair starts")
					err := sleep(yield, 10*time.Second)
					var p *sim.Preempted
					if !errors.As(err, &p) {
						t.Errorf("the preempted body's sleep failed with %v, want a *Preempted cause", err)
					}
					return err
				})
				if !errors.As(err, &preempted) {
					return fmt.Errorf("Use returned %v, want a *Preempted", err)
				}
				lg.add(yield, "repair preempted after %v, queues again", preempted.At-preempted.Since)
				return r.Use(yield, sim.Request{Priority: 5}, func(yield Y) error {
					lg.add(yield, "repair resumes")
					return sleep(yield, time.Second)
				})
			}, coro.WithName("repair"))
			if err := sleep(yield, 2*time.Second); err != nil {
				return err
			}
			// Equal priority, or no Preempt: waits its turn.
			g.Go(func(yield Y) error {
				return r.Use(yield, sim.Request{Priority: 5, Preempt: true}, func(yield Y) error {
					lg.add(yield, "equal priority served")
					return nil
				})
			})
			g.Go(func(yield Y) error {
				return r.Use(yield, sim.Request{Priority: 1}, func(yield Y) error {
					lg.add(yield, "polite urgent served")
					return nil
				})
			})
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			g.Go(func(yield Y) error {
				return r.Use(yield, sim.Request{Priority: 0, Preempt: true}, func(yield Y) error {
					lg.add(yield, "emergency served")
					return sleep(yield, time.Second)
				})
			}, coro.WithName("emergency"))
			return nil
		})
	})
	want := log{
		"0s repair starts",
		"3s emergency served", // in the same step as its request
		"3s repair preempted after 3s, queues again",
		"4s polite urgent served",
		"4s equal priority served",
		"4s repair resumes",
	}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if preempted == nil || preempted.By.Name() != "emergency" {
		t.Fatalf("preempted by %v, want the emergency task", preempted)
	}
	if msg := preempted.Error(); msg != "sim: preempted by emergency after 3s of use" {
		t.Errorf("error text %q", msg)
	}
}

// A unit held through Acquire is never preempted.
func TestResourceAcquireIsNotPreempted(t *testing.T) {
	r := sim.NewResource(1)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(user(r, &lg, "holder", 9, 5*time.Second))
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			g.Go(func(yield Y) error {
				return r.Use(yield, sim.Request{Priority: 0, Preempt: true}, func(yield Y) error {
					lg.add(yield, "urgent served")
					return nil
				})
			})
			return nil
		})
	})
	want := log{"0s holder gets it", "5s urgent served"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// A panic in Use's body releases the unit and goes on as the task's error.
func TestResourceUsePanics(t *testing.T) {
	r := sim.NewResource(1)
	err := loop.Main(func(yield Y) error {
		return r.Use(yield, sim.Request{}, func(yield Y) error { panic("boom") })
	}, loop.WithVirtualClock())
	var p *coro.PanicError
	if !errors.As(err, &p) || p.Value != "boom" {
		t.Errorf("got %v, want the panic", err)
	}
	if r.Count() != 0 {
		t.Errorf("after the panic %s, want the unit released", r)
	}
}
