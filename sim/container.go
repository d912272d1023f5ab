package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/corio-go/corio/coro"
)

// Container holds a continuous amount up to a capacity — fuel in a tank,
// water in a reservoir — that tasks put in and take out: SimPy's Container.
// Put waits while the amount would not fit, Get while there is not enough.
// Each side is served strictly in the order it came: a large Get at the
// front waits, and the smaller ones behind it wait too, so none starves.
// A task cancelled while it waits takes its request back; one cancelled after
// its request was carried out keeps the result.
//
// A Container belongs to the loop of the first task that uses it, and is used
// on that loop's goroutine.
type Container struct {
	level    float64
	capacity float64
	getters  fifo[amountWait]
	putters  fifo[amountWait]
	owner
	history Level
}

type amountWait struct {
	waiter
	amount float64
}

// NewContainer returns a container of the given capacity (math.Inf(1) for no
// limit) that holds init at first. It panics unless 0 <= init <= capacity and
// capacity > 0.
func NewContainer(capacity, init float64) *Container {
	if !(capacity > 0) || !(init >= 0 && init <= capacity) {
		panic(fmt.Sprintf("sim: NewContainer(%v, %v): want capacity > 0 and 0 <= init <= capacity", capacity, init))
	}
	c := &Container{level: init, capacity: capacity}
	c.history.Set(0, init)
	return c
}

// Put adds amount, waiting until it fits. It returns an error matching
// ErrAmount, at once, if amount is not positive or more than the capacity.
func (c *Container) Put(yield coro.Yield, amount float64) error {
	return c.request(yield, "Put", amount, &c.putters, func() bool { return c.level+amount <= c.capacity })
}

// Get takes amount out, waiting until there is as much. It returns an error
// matching ErrAmount, at once, if amount is not positive or more than the
// capacity.
func (c *Container) Get(yield coro.Yield, amount float64) error {
	return c.request(yield, "Get", amount, &c.getters, func() bool { return c.level >= amount })
}

func (c *Container) request(yield coro.Yield, op string, amount float64, queue *fifo[amountWait], fits func() bool) error {
	if !(amount > 0 && amount <= c.capacity) || math.IsInf(amount, 0) {
		return fmt.Errorf("%w: Container.%s(%v) with capacity %v", ErrAmount, op, amount, c.capacity)
	}
	now, err := c.bind(yield, "Container")
	if err != nil {
		return err
	}
	if queue.len() == 0 && fits() {
		if err := coro.Checkpoint(yield); err != nil {
			return err
		}
		if queue == &c.getters {
			c.level -= amount
		} else {
			c.level += amount
		}
		c.settle(now)
		return nil
	}
	w := &amountWait{amount: amount}
	queue.push(w)
	if err := w.wait(yield); err != nil {
		queue.remove(w)
		c.settle(c.now()) // the one behind it may fit now
		return err
	}
	return nil
}

// settle carries out the requests at the front of each side while they fit.
func (c *Container) settle(now time.Duration) {
	for moved := true; moved; {
		moved = false
		if g := c.getters.front(); g != nil && c.level >= g.amount {
			c.getters.pop()
			c.level -= g.amount
			g.serve()
			moved = true
		}
		if p := c.putters.front(); p != nil && c.level+p.amount <= c.capacity {
			c.putters.pop()
			c.level += p.amount
			p.serve()
			moved = true
		}
	}
	c.history.Set(now, c.level)
}

// Level returns the amount in the container.
func (c *Container) Level() float64 { return c.level }

// Cap returns the container's capacity.
func (c *Container) Cap() float64 { return c.capacity }

// LevelOverTime returns the amount in the container over time.
func (c *Container) LevelOverTime() *Level { return &c.history }

// String describes the container: "Container[level:40/100, getters:1, putters:0]".
func (c *Container) String() string {
	return fmt.Sprintf("Container[level:%g/%g, getters:%d, putters:%d]", c.level, c.capacity, c.getters.len(), c.putters.len())
}
