//go:build linux

package loop_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
	"golang.org/x/sys/unix"
)

// threadCPU returns the time thread tid of this process has spent on a CPU.
func threadCPU(t *testing.T, tid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(tid) + "/schedstat")
	if err != nil {
		t.Skip("no schedstat:", err)
	}
	ns, err := strconv.ParseInt(strings.Fields(string(b))[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return time.Duration(ns)
}

// TestPollerIdleAfterHoldAndSignal: a loop asleep in epoll with nothing to
// do stays asleep when another goroutine takes a Hold and a signal
// interrupts the wait (EINTR). It must not spin at 100% CPU.
//
// Cause: idle reads holds once and hands the value to waitOutside, whose
// `for !l.block(-1, holds) {}` keeps comparing against that stale value:
// once the count changed, every block arms, sees holds != holds, waits with
// a zero timeout and returns false, forever (until some unrelated event).
// The same stale compare makes sleepUntil's real-clock loop spin until the
// timer is due, and also happens without a signal when a Hold is released
// between idle's read and Arm (no eventfd write: not armed yet).
func TestPollerIdleAfterHoldAndSignal(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	l := loop.New()
	defer l.Close()
	spent := make(chan time.Duration, 1)
	_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(Y, *loop.Stream) {})
		if err != nil { // makes the poller
			return struct{}{}, err
		}
		defer srv.Close()
		f := coro.NewFuture[struct{}](yield)
		go func() {
			time.Sleep(50 * time.Millisecond) // the loop is asleep in epoll_wait
			release := l.Hold()               // a goroutine that will call back later
			for range 3 {
				unix.Tgkill(os.Getpid(), tid, unix.SIGURG) // harmless to Go: its preemption signal
				time.Sleep(5 * time.Millisecond)
			}
			before := threadCPU(t, tid)
			time.Sleep(300 * time.Millisecond)
			spent <- threadCPU(t, tid) - before
			l.CallSoonThreadsafe(func() { f.SetResult(struct{}{}) })
			release()
		}()
		_, err = f.Await(yield)
		return struct{}{}, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cpu := <-spent; cpu > 100*time.Millisecond {
		t.Errorf("the idle loop's thread used %v of CPU in 300ms: it spins instead of sleeping", cpu)
	}
}

// TestPollerPostRacingSleep: CallSoonThreadsafe from another goroutine, in a
// ping-pong with the loop, always wakes it. A post that lands after idle
// looked at the inbox and before block armed the poller finds the poller
// not armed (Wake writes nothing); block then sees posted != 0 and waits
// with a zero timeout, which reports nothing, so block returns false and
// waitOutside calls it again, and again: the loop spins without ever
// draining the inbox, until something else writes the eventfd. A watchdog
// nudges the loop (another Wake) after a second without progress. The
// window is a few instructions wide: with 2 Ps it is hit every few seconds
// (the test runs up to 15s, and stops at the first stall);
// TestBlockSeesWorkPostedBeforeArm (internal) steps through it.
func TestPollerPostRacingSleep(t *testing.T) {
	if testing.Short() {
		t.Skip("a stress test of up to 15s")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	l := loop.New()
	defer l.Close()
	var progress atomic.Int64
	var stalled atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // the watchdog
		last, since := int64(-1), time.Now()
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if p := progress.Load(); p != last {
				last, since = p, time.Now()
			} else if time.Since(since) > time.Second {
				stalled.Store(true)
				l.CallSoonThreadsafe(func() {}) // wakes it, if it is armed at that moment
				since = time.Now()
			}
		}
	})
	rounds := 0
	_, err := loop.RunUntilComplete(l, coro.Func[struct{}](func(yield Y) (struct{}, error) {
		srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(Y, *loop.Stream) {})
		if err != nil { // makes the poller, and holds the loop
			return struct{}{}, err
		}
		defer srv.Close()
		futures := make(chan *coro.Future[struct{}], 1)
		defer close(futures)
		wg.Go(func() {
			spin := 0
			for f := range futures {
				for range spin % 64 { // vary when the post lands
					runtime.Gosched()
				}
				spin++
				l.CallSoonThreadsafe(func() { f.SetResult(struct{}{}) })
			}
		})
		for start := time.Now(); time.Since(start) < 15*time.Second && !stalled.Load(); rounds++ {
			f := coro.NewFuture[struct{}](yield)
			futures <- f
			if _, err := f.Await(yield); err != nil {
				return struct{}{}, err
			}
			progress.Add(1)
		}
		return struct{}{}, nil
	}))
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if stalled.Load() {
		t.Errorf("the loop missed a wake-up and stalled (spinning) after %d round trips", rounds)
	}
}
