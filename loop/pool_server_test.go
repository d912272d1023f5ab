package loop_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// TestPoolServerSpreadsConnections: a Pool's server listens on one port with
// a socket per loop; the kernel spreads connections over the loops, and each
// serves its own.
func TestPoolServerSpreadsConnections(t *testing.T) {
	loop.OnBothPaths(t, func(t *testing.T) {
		p := loop.NewPool(2)
		defer p.Close()
		loops := map[*loop.Loop]int{p.Loop(0): 0, p.Loop(1): 1}
		srv, err := p.StartServer("tcp", "127.0.0.1:0", func(yield Y, s *loop.Stream) {
			line, err := s.ReadLine(yield)
			if err != nil {
				return
			}
			s.Write(fmt.Appendf(nil, "loop %d: %s", loops[loop.Current(yield)], line))
		})
		if err != nil {
			t.Fatal(err)
		}
		served := map[string]int{}
		for i := range 32 {
			c, err := net.Dial("tcp", srv.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "hello %d\n", i)
			reply, err := bufio.NewReader(c).ReadString('\n')
			c.Close()
			who, rest, _ := strings.Cut(reply, ": ")
			if err != nil || rest != fmt.Sprintf("hello %d\n", i) {
				t.Fatalf("connection %d: %q, %v", i, reply, err)
			}
			served[who]++
		}
		if len(served) != 2 {
			t.Errorf("32 connections served by %v: want both loops (SO_REUSEPORT)", served)
		}
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
		if c, err := net.Dial("tcp", srv.Addr().String()); err == nil {
			c.Close()
			t.Error("dial after Close: connected")
		}
	})
}

func TestPoolServerBadUse(t *testing.T) {
	p := loop.NewPool(2)
	defer p.Close()
	echo := func(Y, *loop.Stream) {}
	if _, err := p.StartServer("tcp", "127.0.0.1:0", nil); !errors.Is(err, loop.ErrNilCallback) {
		t.Errorf("nil handler: %v", err)
	}
	if _, err := p.StartServer("unix", t.TempDir()+"/sock", echo); err == nil {
		t.Error("a Unix socket shared by two loops: no error")
	}
	if _, err := p.StartServer("tcp", "no-such-port", echo); err == nil {
		t.Error("a bad address: no error")
	}
	// From one of its own loops, StartServer would wait for that loop.
	_, err := loop.Submit(p.Loop(0), coro.Func[*loop.PoolServer](func(Y) (*loop.PoolServer, error) {
		return p.StartServer("tcp", "127.0.0.1:0", echo)
	})).Wait(context.Background())
	if !errors.Is(err, loop.ErrRunning) {
		t.Errorf("StartServer from the pool's loop: %v, want ErrRunning", err)
	}
	srv, err := p.StartServer("tcp", "127.0.0.1:0", echo)
	if err != nil {
		t.Fatal(err)
	}
	_, err = loop.Submit(p.Loop(1), coro.Func[struct{}](func(Y) (struct{}, error) {
		return struct{}{}, srv.Close()
	})).Wait(context.Background())
	if !errors.Is(err, loop.ErrRunning) {
		t.Errorf("PoolServer.Close from the pool's loop: %v, want ErrRunning", err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
