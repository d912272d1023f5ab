package loop_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// What another goroutine hands a loop must not vanish when the loop closes.

func TestSubmittedResultFailsWhenTheLoopCloses(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The task runs when its loop's pool closes.
	p := loop.NewPool(1)
	started := make(chan struct{})
	r := loop.Submit(p.Loop(0), coro.Func[int](func(yield Y) (int, error) {
		close(started)
		return coro.SleepResult(time.Hour, 0).Await(yield)
	}))
	<-started
	p.Close()
	if _, err := r.Wait(ctx); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("Result of a task abandoned by Close: %v, want ErrClosed", err)
	}
	// The task never started: the loop was closed with the start posted.
	l := loop.New()
	r = loop.Submit(l, coro.Func[int](func(Y) (int, error) { return 1, nil }))
	l.Close()
	if _, err := r.Wait(ctx); !errors.Is(err, coro.ErrClosed) {
		t.Errorf("Result of a task whose start Close dropped: %v, want ErrClosed", err)
	}
}

// TestAcceptedConnectionClosedWithTheLoop: a connection that waits to be
// served when the loop closes is closed, not leaked. On the portable path
// the accepting goroutine took it, and Close closes it: the client reads
// EOF. On the poller, the kernel holds it until the loop accepts, which it
// never does: closing the listening socket resets it.
func TestAcceptedConnectionClosedWithTheLoop(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		l := loop.New(loop.WithLogger(logTo(new(bytes.Buffer))))
		var addr string
		_, err := loop.RunUntilComplete(l, coro.Func[int](func(yield Y) (int, error) {
			srv, err := loop.StartServer(yield, "tcp", "127.0.0.1:0", func(Y, *loop.Stream) {})
			if err != nil {
				return 0, err
			}
			addr = srv.Addr().String()
			return 0, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		time.Sleep(50 * time.Millisecond) // accepted: serving it waits for the loop, which does not run
		l.Close()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("client read after the loop closed: %v, want EOF or a reset (the server side closed)", err)
		}
	})
}

func TestReadExactlyBeyondTheReadAhead(t *testing.T) {
	const n = 100 << 10 // more than the 64 KiB a stream reads ahead
	a, b := net.Pipe()
	go func() { b.Write(make([]byte, n)); b.Close() }()
	got, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		s := loop.NewStream(yield, a)
		defer s.Close()
		p, err := s.ReadExactly(yield, n)
		return len(p), err
	}))
	if got != n || err != nil {
		t.Errorf("ReadExactly(%d) = %d bytes, %v", n, got, err)
	}
}

func TestStreamBadUse(t *testing.T) {
	a, b := net.Pipe() // nobody reads b: a write waits
	defer b.Close()
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		s := loop.NewStream(yield, a)
		if _, err := s.ReadExactly(yield, -1); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("ReadExactly(-1): %v, want a clear error", err)
		}
		s.Write([]byte("never sent"))
		coro.Spawn(yield, coro.Coroutine(func(yield Y) {
			coro.Sleep(10 * time.Millisecond).Await(yield)
			s.Abort()
		}))
		if err := s.Flush(yield); !errors.Is(err, loop.ErrStreamClosed) {
			t.Errorf("Flush of bytes Abort dropped: %v, want ErrStreamClosed", err)
		}
		if err := s.WaitClosed(yield); !errors.Is(err, loop.ErrStreamClosed) {
			t.Errorf("WaitClosed after Abort dropped bytes: %v, want ErrStreamClosed", err)
		}
		if err := s.Write([]byte("x")); !errors.Is(err, loop.ErrStreamClosed) {
			t.Errorf("Write after Abort: %v, want ErrStreamClosed", err)
		}
		return 0, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestCancelledSendSendsNothing: a cancelled task's Send fails before the
// value goes, even when the channel has room.
func TestCancelledSendSendsNothing(t *testing.T) {
	ch := make(chan int, 1)
	_, err := loop.Run(coro.Func[int](func(yield Y) (int, error) {
		task := coro.Spawn(yield, coro.Func[int](func(yield Y) (int, error) {
			coro.Sleep(0).Await(yield) // cancelled meanwhile
			return 0, loop.Send(yield, ch, 7)
		}))
		coro.Sleep(0).Await(yield)
		task.Cancel(errors.New("stop"))
		_, err := task.Await(yield)
		if !errors.Is(err, coro.ErrCancelled) || len(ch) != 0 {
			t.Errorf("cancelled Send: %v, %d values sent", err, len(ch))
		}
		return 0, nil
	}), loop.WithVirtualClock())
	if err != nil {
		t.Fatal(err)
	}
}
