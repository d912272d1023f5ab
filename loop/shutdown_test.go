package loop_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// Stop called before RunForever runs one turn, as CPython's
// loop.stop(); loop.run_forever() does: the idiom that lets pending
// callbacks and cancelled tasks take a step.
func TestStopBeforeRunForeverRunsOneTurn(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var ran []string
	l.CallSoon(func() { ran = append(ran, "first") })
	l.CallSoon(func() {
		ran = append(ran, "second")
		l.CallSoon(func() { ran = append(ran, "next turn") })
	})
	l.Stop()
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ran, ",") != "first,second" {
		t.Errorf("RunForever after Stop ran %v; want one turn: first, second", ran)
	}
	l.Stop()
	if err := l.RunForever(); err != nil || len(ran) != 3 {
		t.Errorf("the next RunForever after Stop: %v, ran %v", err, ran)
	}
}

// A cancelled task's cleanup that sleeps finishes under Run, whether it
// shields itself or uses coro.Cleanup, on a real clock and a virtual one.
func TestRunWaitsForACleanupThatSleeps(t *testing.T) {
	for _, clock := range []struct {
		name string
		opts []loop.Option
	}{{"real", nil}, {"virtual", []loop.Option{loop.WithVirtualClock()}}} {
		t.Run(clock.name, func(t *testing.T) {
			var shielded, helped bool
			_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
				coro.Spawn(yield, coro.Coroutine(func(yield Y) {
					coro.Sleep(time.Hour).Await(yield)
					coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
						_, err := coro.Sleep(50 * time.Millisecond).Await(yield)
						shielded = err == nil
						return struct{}{}, err
					}))
				}))
				coro.Spawn(yield, coro.Coroutine(func(yield Y) {
					defer coro.Cleanup(yield, time.Second, coro.Func[struct{}](func(yield Y) (struct{}, error) {
						_, err := coro.Sleep(20 * time.Millisecond).Await(yield)
						helped = err == nil
						return struct{}{}, err
					}))
					coro.Sleep(time.Hour).Await(yield)
				}))
				return coro.Sleep(0).Await(yield)
			}), clock.opts...)
			if err != nil || !shielded || !helped {
				t.Errorf("Run: %v; shielded cleanup finished %v, Cleanup finished %v", err, shielded, helped)
			}
		})
	}
}

// What does not end within the shutdown timeout is abandoned and reported.
func TestRunShutdownTimeoutAbandonsAndReports(t *testing.T) {
	var log bytes.Buffer
	finished := false
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(time.Hour).Await(yield)
			coro.Shield(yield, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				_, err := coro.Sleep(time.Minute).Await(yield)
				finished = err == nil
				return struct{}{}, err
			}))
		}), coro.WithName("slow cleanup"))
		return struct{}{}, nil
	}), loop.WithVirtualClock(), loop.WithShutdownTimeout(5*time.Second), loop.WithLogger(logTo(&log)))
	if err != nil || finished {
		t.Errorf("Run: %v; a cleanup of a minute finished within a shutdown of 5s: %v", err, finished)
	}
	if !strings.Contains(log.String(), `task still pending at close" task="slow cleanup"`) {
		t.Errorf("the abandoned task is not reported:\n%q", log.String())
	}
}

// The echo server of CPython's asyncio-stream docs, ported line by line:
// the handler writes, drains, closes, and waits until closed; the client
// does the same. Every reply arrives, a thousand times over: Close sends
// what was written before it closes.
func TestDocsEchoServerDeliversEveryReply(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		handleEcho := func(yield Y, s *loop.Stream) {
			data := make([]byte, 100)
			n, err := s.Read(yield, data)
			if err != nil {
				return
			}
			s.Write(data[:n])
			s.Drain(yield)
			s.Close()
			s.WaitClosed(yield)
		}
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", handleEcho)
			if err != nil {
				return struct{}{}, err
			}
			defer srv.Close()
			for i := range 1000 {
				c, err := loop.OpenConnection(yield, "tcp", srv.Addr().String())
				if err != nil {
					return struct{}{}, err
				}
				message := fmt.Sprintf("Hello World! %d", i)
				c.Write([]byte(message))
				c.Drain(yield)
				data := make([]byte, 100)
				n, err := c.Read(yield, data)
				c.Close()
				if err := errors.Join(err, c.WaitClosed(yield)); err != nil || string(data[:n]) != message {
					return struct{}{}, fmt.Errorf("run %d: received %q, %v; want %q", i, data[:n], err, message)
				}
			}
			return struct{}{}, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A server shut down while a thousand clients are mid-conversation loses no
// byte: every Write a handler made before its cancellation reaches its
// client before the end of the stream.
func TestShutdownMidConversationLosesNoByte(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		const clients = 1000
		written := make([]int, clients)
		received := make([]int, clients)
		var wg sync.WaitGroup
		_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
			started := 0
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(yield Y, s *loop.Stream) {
				hello, err := s.ReadLine(yield)
				if err != nil {
					return
				}
				var id int
				fmt.Sscan(string(hello), &id)
				started++
				for n := 0; ; n++ { // talk until the shutdown cancels the handler
					line := fmt.Appendf(nil, "line %d to client %d\n", n, id)
					if s.Write(line) != nil {
						return
					}
					written[id] += len(line)
					if s.Drain(yield) != nil {
						return
					}
					if _, err := coro.Sleep(time.Millisecond).Await(yield); err != nil {
						return
					}
				}
			})
			if err != nil {
				return struct{}{}, err
			}
			addr := srv.Addr().String()
			for id := range clients {
				wg.Go(func() {
					conn, err := net.Dial("tcp", addr)
					if err != nil {
						t.Error(err)
						return
					}
					defer conn.Close()
					fmt.Fprintln(conn, id)
					n, err := io.Copy(io.Discard, bufio.NewReader(conn))
					received[id] = int(n)
					if err != nil {
						t.Errorf("client %d: %v after %d bytes", id, err, n)
					}
				})
			}
			for started < clients { // every client is in the conversation
				coro.Sleep(time.Millisecond).Await(yield)
			}
			return struct{}{}, nil // Run cancels the handlers mid-conversation
		}))
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		for id := range clients {
			if received[id] != written[id] || written[id] == 0 {
				t.Errorf("client %d received %d bytes of the %d written", id, received[id], written[id])
			}
		}
	})
}

// A cleanup that calls Stop, or starts a task, during Run's shutdown holds
// nothing up: the Stop ends no turn early, and the new task, cancelled before
// its first step, never runs (asyncio.run waits only for what it cancelled).
func TestShutdownIgnoresStopsAndCancelsNewTasks(t *testing.T) {
	ran, cleaned := false, false
	_, err := loop.Run(coro.Func[struct{}](func(yield Y) (struct{}, error) {
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			defer coro.Cleanup(yield, time.Minute, coro.Func[struct{}](func(yield Y) (struct{}, error) {
				loop.Current(yield).Stop()
				coro.Spawn(yield, coro.Coroutine(func(yield Y) {
					ran = true
					coro.Sleep(time.Hour).Await(yield)
				}))
				_, err := coro.Sleep(time.Second).Await(yield)
				cleaned = err == nil
				return struct{}{}, err
			}))
			coro.Sleep(time.Hour).Await(yield)
		}))
		return coro.Sleep(0).Await(yield)
	}), loop.WithVirtualClock())
	if err != nil || ran || !cleaned {
		t.Errorf("Run: %v; the task started in the cleanup ran: %v; the cleanup finished: %v", err, ran, cleaned)
	}
}

// Two loops of a pool that close it at once do not wait for each other.
func TestPoolClosedFromTwoOfItsLoops(t *testing.T) {
	p := loop.NewPool(2)
	start := make(chan struct{})
	closeFrom := func(i int) *loop.Result[error] {
		return loop.Submit(p.Loop(i), coro.Func[error](func(yield Y) (error, error) {
			_, _, err := loop.Recv(yield, start)
			return p.Close(), err
		}))
	}
	results := []*loop.Result[error]{closeFrom(0), closeFrom(1)}
	close(start)
	for i, r := range results {
		// Each returns: ErrRunning, or the loop stopped before its call
		// (the other loop's Close came first), and its task was abandoned.
		closeErr, err := r.Wait(context.Background())
		if !errors.Is(closeErr, loop.ErrRunning) && !errors.Is(err, coro.ErrClosed) {
			t.Errorf("Pool.Close on loop %d: %v, %v; want ErrRunning, or the loop closed first", i, closeErr, err)
		}
	}
	if err := p.Close(); err != nil {
		t.Errorf("Pool.Close from outside: %v", err)
	}
}
