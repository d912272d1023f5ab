package timer_test

import (
	"fmt"
	"time"

	"github.com/corio-go/corio/timer"
)

// A Queue hands timers back by deadline, and in push order among equal deadlines.
func ExampleQueue() {
	var q timer.Queue[string]
	tea := &timer.Timer[string]{Value: "tea"}
	eggs := &timer.Timer[string]{Value: "eggs"}
	toast := &timer.Timer[string]{Value: "toast"}

	q.Push(tea, 3*time.Minute)
	q.Push(eggs, 5*time.Minute)
	q.Push(toast, 3*time.Minute)

	for t := q.Pop(); t != nil; t = q.Pop() {
		fmt.Println(t.When(), t.Value)
	}
	// Output:
	// 3m0s tea
	// 3m0s toast
	// 5m0s eggs
}

// A Virtual clock jumps straight to the deadline: an hour's sleep takes no real time.
func ExampleVirtual() {
	c := timer.NewVirtual()
	woken := c.Sleep(time.Hour, nil)
	fmt.Println(c.Now(), woken)
	// Output:
	// 1h0m0s false
}
