package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"github.com/corio-go/corio/sim"
)

// A bounded store makes the producer wait while it is full; the time-weighted
// number of items is kept.
func TestStore(t *testing.T) {
	s := sim.NewStore[string](2)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(func(yield Y) error {
				for _, v := range []string{"a", "b", "c"} {
					if err := s.Put(yield, v); err != nil {
						return err
					}
					lg.add(yield, "put %s", v)
				}
				return nil
			})
			g.Go(func(yield Y) error {
				for range 3 {
					if err := sleep(yield, time.Second); err != nil {
						return err
					}
					v, err := s.Get(yield)
					if err != nil {
						return err
					}
					lg.add(yield, "got %s", v)
				}
				return nil
			})
			return nil
		})
	})
	want := log{"0s put a", "0s put b", "1s got a", "1s put c", "2s got b", "3s got c"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// 2 items for 0–2s, 1 for 2–3s: 5 item-seconds over 3s.
	if m := s.LenOverTime().Mean(3 * time.Second); m != 5.0/3 {
		t.Errorf("mean items %v, want 5/3", m)
	}
	if s.String() != "Store[items:0, capacity:2]" {
		t.Errorf("String: %s", s)
	}
}

func TestPriorityStore(t *testing.T) {
	s := sim.NewPriorityStore(0, func(a, b int) bool { return a < b })
	var got []int
	simulate(t, func(yield Y) error {
		for _, v := range []int{5, 1, 4, 2} {
			if err := s.Put(yield, v); err != nil {
				return err
			}
		}
		for s.Len() > 0 {
			v, err := s.Get(yield)
			if err != nil {
				return err
			}
			got = append(got, v)
		}
		return nil
	})
	if diff := cmp.Diff([]int{1, 2, 4, 5}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A getter whose filter passes nothing waits without holding back the ones
// behind it; an item put later goes to the first waiting getter it passes.
func TestFilterStore(t *testing.T) {
	s := sim.NewFilterStore[string](0)
	var lg log
	want := func(kind string) func(string) bool { return func(v string) bool { return v == kind } }
	get := func(name, kind string) func(Y) error {
		return func(yield Y) error {
			v, err := s.Get(yield, want(kind))
			if err != nil {
				return err
			}
			lg.add(yield, "%s got %s", name, v)
			return nil
		}
	}
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			if err := s.Put(yield, "drill"); err != nil {
				return err
			}
			g.Go(get("ann", "saw"))
			g.Go(get("bob", "drill"))
			g.Go(get("cy", "saw"))
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			if s.Len() != 0 || s.String() != "FilterStore[items:0, capacity:0, getters:2, putters:0]" {
				t.Errorf("at 1s: %s", s)
			}
			if err := s.Put(yield, "saw"); err != nil {
				return err
			}
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			return s.Put(yield, "saw")
		})
	})
	wantLog := log{"0s bob got drill", "1s ann got saw", "2s cy got saw"}
	if diff := cmp.Diff(wantLog, lg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A full filter store makes Put wait until a Get makes room; a cancelled
// Get takes nothing.
func TestFilterStoreCapacityAndCancel(t *testing.T) {
	s := sim.NewFilterStore[int](1)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(func(yield Y) error {
				for _, v := range []int{1, 2} {
					if err := s.Put(yield, v); err != nil {
						return err
					}
					lg.add(yield, "put %d", v)
				}
				return nil
			})
			_, err := coro.Timeout(yield, time.Second, coro.Func[int](func(yield Y) (int, error) {
				return s.Get(yield, func(v int) bool { return v > 5 })
			}))
			if !errors.Is(err, coro.ErrTimeout) {
				t.Errorf("a Get nothing passes: %v, want a timeout", err)
			}
			v, err := s.Get(yield, nil)
			lg.add(yield, "got %d %v", v, err)
			return err
		})
	})
	want := log{"0s put 1", "1s got 1 <nil>", "1s put 2"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A container serves each side in order: a large Get at the front holds
// back a small one behind it, so none starves.
func TestContainer(t *testing.T) {
	c := sim.NewContainer(100, 10)
	var lg log
	take := func(name string, amount float64) func(Y) error {
		return func(yield Y) error {
			if err := c.Get(yield, amount); err != nil {
				return err
			}
			lg.add(yield, "%s took %g, %g left", name, amount, c.Level())
			return nil
		}
	}
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(take("big", 50))
			g.Go(take("small", 5))
			for range 5 {
				if err := sleep(yield, time.Second); err != nil {
					return err
				}
				if err := c.Put(yield, 20); err != nil {
					return err
				}
			}
			return nil
		})
	})
	want := log{"2s big took 50, 0 left", "3s small took 5, 15 left"}
	if diff := cmp.Diff(want, lg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if c.Level() != 55 || c.String() != "Container[level:55/100, getters:0, putters:0]" {
		t.Errorf("at the end: %s", c)
	}
	// 10 for 0–1s, 30 for 1–2s, 0 for 2–3s, 15 for 3–4s, 35 for 4–5s.
	if m := c.LevelOverTime().Mean(5 * time.Second); m != 90.0/5 {
		t.Errorf("mean level to 5s %v, want 90/5", m)
	}
}

func TestContainerPutWaitsForRoom(t *testing.T) {
	c := sim.NewContainer(10, 8)
	var lg log
	simulate(t, func(yield Y) error {
		return coro.WithGroup(yield, func(yield Y, g *coro.Group) error {
			g.Go(func(yield Y) error {
				if err := c.Put(yield, 5); err != nil {
					return err
				}
				lg.add(yield, "put 5, level %g", c.Level())
				return nil
			})
			if err := sleep(yield, time.Second); err != nil {
				return err
			}
			return c.Get(yield, 4)
		})
	})
	if diff := cmp.Diff(log{"1s put 5, level 9"}, lg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestContainerBadAmounts(t *testing.T) {
	mustPanic(t, "sim: NewContainer(0, 0)", func() { sim.NewContainer(0, 0) })
	mustPanic(t, "sim: NewContainer(10, 11)", func() { sim.NewContainer(10, 11) })
	c := sim.NewContainer(10, 0)
	err := loop.Main(func(yield Y) error {
		for _, amount := range []float64{0, -1, 11} {
			if err := c.Put(yield, amount); !errors.Is(err, sim.ErrAmount) {
				t.Errorf("Put(%v): %v, want ErrAmount", amount, err)
			}
			if err := c.Get(yield, amount); !errors.Is(err, sim.ErrAmount) {
				t.Errorf("Get(%v): %v, want ErrAmount", amount, err)
			}
		}
		return nil
	}, loop.WithVirtualClock())
	if err != nil {
		t.Fatal(err)
	}
}
