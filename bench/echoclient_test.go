package bench

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/exp/stats"
)

// The load client of BenchmarkEcho and of BenchmarkMemory's connection
// variants: plain Go, in the benchmark's process, the same for every server.

// fullEnv, set to 1, lets the variants of fullConns connections and more
// run: they take a while (dialing, and a server in Python answering them).
const fullEnv = "CORIO_BENCH_FULL"

// fullConns is the least number of connections that needs fullEnv.
const fullConns = 10_000

// Dialing: a few connections at a time, so that the listen backlog
// (somaxconn, 4096 here) never overflows, and, for each connection, a few
// seconds of patience with a server that refuses or resets while it is
// busy: one that refuses for longer is gone.
const (
	dialWorkers    = 32
	dialPatience   = 5 * time.Second
	maxDialBackoff = 100 * time.Millisecond
	// firstTripPatience bounds the round trip each connection makes once
	// dialed: a server that does not answer it is stuck.
	firstTripPatience = 30 * time.Second
)

// fdSpare is what a process needs beside its connections: listeners, pipes,
// the poller, the binary.
const fdSpare = 100

// needConns skips b unless n connections can be made here: the client and
// the server each hold one descriptor per connection, and each process's
// hard limit (ulimit -Hn) cannot be raised from inside; and n ≥ fullConns
// run only when fullEnv is set.
func needConns(b *testing.B, n int) {
	if limit, ok := fdLimit(); ok && n+fdSpare > limit {
		b.Skipf("%d connections need %d descriptors in the server process and as many in the client's; "+
			"the hard limit on open files (ulimit -Hn) is %d here, and a process cannot raise it", n, n+fdSpare, limit)
	}
	if n >= fullConns && os.Getenv(fullEnv) != "1" {
		b.Skipf("%d connections take a while: set %s=1 to measure them", n, fullEnv)
	}
}

// echoClients are the client side's connections to one server.
type echoClients []net.Conn

// dialEcho makes n connections to addr, each of which makes one round trip
// of a size-byte message before it returns, so that the server has accepted
// and served them all. They are closed when tb ends, if not before.
func dialEcho(tb testing.TB, addr string, n, size int) echoClients {
	tb.Helper()
	conns := make(echoClients, n)
	tb.Cleanup(conns.Close)
	var next atomic.Int64
	var failed atomic.Bool // stop dialing: one connection failed
	var first error        // its failure
	var once sync.Once
	var wg sync.WaitGroup
	for range min(n, dialWorkers) {
		wg.Go(func() {
			msg, buf := message(size), make([]byte, size)
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				c, err := dialRetry(addr, &failed)
				if err == nil {
					conns[i] = c
					c.SetDeadline(time.Now().Add(firstTripPatience))
					err = roundTrip(c, msg, buf)
					c.SetDeadline(time.Time{})
				}
				if err != nil {
					once.Do(func() { first = fmt.Errorf("connection %d of %d: %w", i+1, n, err) })
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		tb.Fatal(first)
	}
	return conns
}

// dialRetry dials addr, again after a pause while the failure is one that
// a busy server or a full backlog causes, for at most dialPatience, and
// until another connection failed (abandon).
func dialRetry(addr string, abandon *atomic.Bool) (net.Conn, error) {
	deadline := time.Now().Add(dialPatience)
	pause := time.Millisecond
	for {
		c, err := net.DialTimeout("tcp", addr, dialPatience)
		if err == nil {
			return c, nil
		}
		if !retryable(err) || time.Now().After(deadline) || abandon.Load() {
			return nil, err
		}
		time.Sleep(pause)
		pause = min(2*pause, maxDialBackoff)
	}
}

// retryable tells the dial failures that go away on their own: a backlog
// full, a server not accepting yet, ephemeral ports still in TIME_WAIT.
func retryable(err error) bool {
	for _, e := range []error{syscall.EAGAIN, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ETIMEDOUT, syscall.EADDRNOTAVAIL} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Close closes every connection, with a reset rather than a FIN, so that
// the client's ports are not left in TIME_WAIT for the next variant.
func (conns echoClients) Close() {
	for _, c := range conns {
		if c == nil {
			continue
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		c.Close()
	}
}

// message returns size bytes to send, not all alike, so that a wrong echo
// shows.
func message(size int) []byte {
	msg := make([]byte, size)
	for i := range msg {
		msg[i] = byte('a' + i%26)
	}
	return msg
}

// roundTrip sends msg on c and reads back as many bytes into buf, which
// must be as long, and checks that they are msg.
func roundTrip(c net.Conn, msg, buf []byte) error {
	if _, err := c.Write(msg); err != nil {
		return err
	}
	if _, err := io.ReadFull(c, buf); err != nil {
		return err
	}
	if !bytes.Equal(buf, msg) {
		return errors.New("the echo differs from what was sent")
	}
	return nil
}

// watchdogPeriod is how long the load may go without starting a round trip
// before it is called stuck and its connections are closed.
const watchdogPeriod = 20 * time.Second

// runLoad drives the connections in a closed loop, each writing a
// size-byte message and reading it back, as long as b.Loop says, and
// reports ns/roundtrip (wall time over round trips: the inverse of the
// throughput), and the median and 99th percentile of the round trips'
// latency in µs.
func runLoad(b *testing.B, conns echoClients, size int) {
	var (
		mu      sync.Mutex // b.Loop is called by one connection at a time
		ended   bool       // b.Loop said stop: no one calls it again
		started int        // round trips begun: what the watchdog watches
		first   time.Time  // when the first began
	)
	latencies := make([][]float64, len(conns)) // µs, each connection's own
	var once sync.Once
	fail := func(err error) { once.Do(func() { b.Error(err) }) } // the first failure: the others follow from it
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			msg, buf := message(size), make([]byte, size)
			for {
				mu.Lock()
				more := !ended && b.Loop()
				ended = !more
				if more {
					started++
					if first.IsZero() {
						first = time.Now()
					}
				}
				mu.Unlock()
				if !more {
					return
				}
				t := time.Now()
				if err := roundTrip(c, msg, buf); err != nil {
					fail(fmt.Errorf("connection %d: %w", i+1, err))
					return
				}
				latencies[i] = append(latencies[i], float64(time.Since(t))/float64(time.Microsecond))
			}
		})
	}
	stop := watch(func() int { mu.Lock(); defer mu.Unlock(); return started }, func() {
		fail(fmt.Errorf("no round trip began for %v: the server is stuck; its connections are closed", watchdogPeriod))
		conns.Close()
	})
	wg.Wait()
	wall := time.Since(first)
	stop()

	all := slices.Concat(latencies...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	q := stats.Quantiles(all, 0.5, 0.99)
	b.ReportMetric(float64(wall.Nanoseconds())/float64(len(all)), "ns/roundtrip")
	b.ReportMetric(q[0], "p50-µs")
	b.ReportMetric(q[1], "p99-µs")
}

// watch calls stuck if progress stays the same for a watchdogPeriod; it
// returns the function that stops watching and waits for the watcher to
// end.
func watch(progress func() int, stuck func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(watchdogPeriod)
		defer tick.Stop()
		last := progress()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				now := progress()
				if now == last {
					stuck()
					return
				}
				last = now
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}
