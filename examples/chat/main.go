// Command chat is a chat server: each line a member sends goes to the others,
// and the room hears who joins and who leaves, also when the server shuts
// down (Ctrl-C, or the end of main): loop.Main cancels the handlers, each says
// goodbye to the others inside coro.Cleanup, and the streams, closed
// gracefully, deliver it before the connections close. Run it with
//
//	go run ./examples/chat                  # a scripted conversation of three
//	go run ./examples/chat -serve :9999     # serve until Ctrl-C; try nc localhost 9999
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/corio-go/corio/coro"
	"github.com/corio-go/corio/loop"
)

// room is the members present, in the order they joined.
type room struct {
	members []*member
}

type member struct {
	name string
	s    *loop.Stream
}

// say sends msg to every member but from, and waits until their streams
// take it (back-pressure: a member who reads nothing slows the others down,
// up to the streams' buffers).
func (r *room) say(yield coro.Yield, from *member, msg string) error {
	var errs []error
	for _, m := range slices.Clone(r.members) {
		if m == from || m.s.IsClosing() {
			continue
		}
		m.s.Write([]byte(msg + "\n"))
		errs = append(errs, m.s.Drain(yield))
	}
	return errors.Join(errs...)
}

// handle serves one member: the first line is the name, each next one is
// said to the room.
func (r *room) handle(yield coro.Yield, s *loop.Stream) {
	s.Write([]byte("name?\n"))
	name, err := s.ReadLine(yield)
	if err != nil {
		return
	}
	me := &member{strings.TrimSpace(string(name)), s}
	r.members = append(r.members, me)
	s.Write([]byte("welcome, " + me.name + "\n"))
	if r.say(yield, me, me.name+" has joined") != nil {
		return
	}
	defer func() {
		r.members = slices.DeleteFunc(r.members, func(m *member) bool { return m == me })
		// Cancelled at shutdown, every await would fail at once: the
		// goodbye waits for the others' streams inside Cleanup.
		coro.Cleanup(yield, time.Second, coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
			return struct{}{}, r.say(yield, me, me.name+" has left")
		}))
	}()
	for {
		line, err := s.ReadLine(yield)
		if err != nil {
			return // the member left, or the server shuts down
		}
		if r.say(yield, me, me.name+": "+strings.TrimSpace(string(line))) != nil {
			return
		}
	}
}

// serve runs the chat server on address until ctx is done, then returns, and
// loop.Main shuts it down. ready gets the address it listens on.
func serve(ctx context.Context, address string, ready chan<- string, opts ...loop.Option) error {
	return loop.Main(func(yield coro.Yield) error {
		var r room
		srv, err := loop.StartServer(yield, "tcp", address, r.handle)
		if err != nil {
			return err
		}
		defer srv.Close()
		ready <- srv.Addr().String()
		if err := loop.Done(yield, ctx); !errors.Is(err, ctx.Err()) {
			return err // cancelled: Ctrl-C
		}
		return nil // asked to stop
	}, opts...)
}

// client is a member of the scripted conversation, a plain Go client.
type client struct {
	name string
	conn net.Conn
	in   *bufio.Reader
	seen []string // what the server sent, in order
}

func join(addr, name string) (*client, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &client{name: name, conn: conn, in: bufio.NewReader(conn)}
	fmt.Fprintln(conn, name)
	return c, c.expect("welcome, " + name)
}

// expect reads until the server has sent want.
func (c *client) expect(want string) error {
	for {
		line, err := c.in.ReadString('\n')
		if err != nil {
			return fmt.Errorf("%s: waiting for %q: %w", c.name, want, err)
		}
		c.seen = append(c.seen, strings.TrimSuffix(line, "\n"))
		if c.seen[len(c.seen)-1] == want {
			return nil
		}
	}
}

// rest reads what the server sends until it closes the connection.
func (c *client) rest() error {
	for {
		line, err := c.in.ReadString('\n')
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		c.seen = append(c.seen, strings.TrimSuffix(line, "\n"))
	}
}

// conversation runs three members against the server at addr, has carol
// leave, calls shutdown, and prints what each member saw.
func conversation(w io.Writer, addr string, shutdown func()) error {
	alice, err := join(addr, "alice")
	if err != nil {
		return err
	}
	bob, err := join(addr, "bob")
	if err != nil {
		return err
	}
	carol, err := join(addr, "carol")
	if err != nil {
		return err
	}
	fmt.Fprintln(alice.conn, "hi all")
	if err := errors.Join(bob.expect("alice: hi all"), carol.expect("alice: hi all")); err != nil {
		return err
	}
	fmt.Fprintln(carol.conn, "bye, I must go")
	carol.conn.Close()
	if err := errors.Join(alice.expect("carol has left"), bob.expect("carol has left")); err != nil {
		return err
	}
	shutdown() // as Ctrl-C would: alice and bob are still there
	for _, c := range []*client{alice, bob, carol} {
		if c != carol {
			if err := c.rest(); err != nil {
				return err
			}
			c.conn.Close()
		}
		fmt.Fprintf(w, "%s saw:\n", c.name)
		for _, line := range c.seen {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	return nil
}

func run(w io.Writer) error {
	ctx, shutdown := context.WithCancel(context.Background())
	defer shutdown()
	ready := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- serve(ctx, "127.0.0.1:0", ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-served:
		return err
	}
	return errors.Join(conversation(w, addr, shutdown), <-served)
}

func main() {
	address := flag.String("serve", "", "serve on this address until Ctrl-C, instead of the scripted conversation")
	flag.Parse()
	var err error
	if *address != "" {
		ready := make(chan string, 1)
		go func() { fmt.Println("chat server on", <-ready) }()
		err = serve(context.Background(), *address, ready)
	} else {
		err = run(os.Stdout)
	}
	if err != nil && !errors.Is(err, loop.ErrInterrupted) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
