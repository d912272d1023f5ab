// Package loop is corio's event loop: it runs coro tasks and callbacks on one
// goroutine, in CPython asyncio's order, with a timer queue and a clock from
// package timer.
//
// loop.Run is asyncio.run: it runs a main coroutine to completion on a new
// loop, cancels what is left and closes the loop. loop.Main does the same
// for a main that returns only an error, the usual program:
//
//	func main() {
//		if err := loop.Main(run); err != nil {
//			log.Fatal(err)
//		}
//	}
//
// A Loop made with New offers the rest of asyncio's loop: RunUntilComplete(l,
// main) and Start(l, main) (create_task; functions, as they are generic in
// main's result), and the methods RunForever and Stop, Close, CallSoon,
// CallLater, CallAt, Now, Tasks (all_tasks), and CallSoonThreadsafe and Hold,
// the doors in from other goroutines. The loop's face for package coro (its
// Scheduler) is unexported: user code awaits, and the awaitables use it.
//
// Go has no thread-locals, so there is no implicit current loop: a coroutine
// finds its loop with Current (asyncio's get_running_loop), and other code is
// handed one, directly or in a context.Context (NewContext, FromContext: the Go
// form of set_event_loop).
//
// # I/O
//
// The loop is its own reactor. On Linux it waits in epoll when it is idle
// (WithPoller, on by default), with the next timer's deadline as the
// timeout and an eventfd that CallSoonThreadsafe, Submit and released holds
// write to wake it. StartServer and OpenConnection (asyncio's start_server
// and open_connection) make non-blocking TCP or Unix sockets that the loop
// reads and writes itself when epoll says they are ready: a connection costs
// its task and its socket, no goroutine, and an idle one holds no buffer.
// ListenDatagram and DialDatagram are asyncio's datagram endpoints, for UDP
// and Unix datagram sockets. Pool.StartServer listens on every loop of a
// Pool with SO_REUSEPORT, so that one server uses every core. With
// WithPoller(false), on other systems, and for NewStream of a net.Conn, each
// connection is served by goroutines on Go's network poller instead (the
// portable path): the API and its guarantees are the same.
//
// With WithVirtualClock the loop's time stands still while it works and jumps
// to the next timer when nothing is ready: tests and simulations of hours run
// in milliseconds, with exact durations. When nothing is ready, no timer is
// pending and no goroutine holds the loop, a run ends with an error that
// matches coro.ErrDeadlock and lists the stuck tasks, instead of hanging.
package loop
