package loop

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/corio-go/corio/coro"
)

// PoolServer is a server on every loop of a Pool (Pool.StartServer): one
// listening socket per loop, all on one address. Its methods are safe from
// any goroutine except the pool's own loops.
type PoolServer struct {
	pool    *Pool
	servers []*Server // servers[i] runs on pool.Loop(i)
	addr    net.Addr
}

// StartServer starts a server on each loop of the pool, all listening on
// address, each with a socket of its own (SO_REUSEPORT): the kernel spreads
// the connections over them, and each loop serves its own with handle, as
// gnet's multicore mode does. So a server uses every core, with no hand-off
// between loops. A port of 0 picks one port for all. The network is "tcp",
// "tcp4" or "tcp6" (a Unix socket's path takes one listener only), on Linux
// (and other systems that balance SO_REUSEPORT).
//
// It returns ErrRunning if called on one of the pool's loops, whose turn it
// would have to wait for.
func (p *Pool) StartServer(network, address string, handle func(yield coro.Yield, s *Stream)) (*PoolServer, error) {
	if handle == nil {
		return nil, ErrNilCallback
	}
	if network == "unix" {
		return nil, fmt.Errorf("loop: Pool.StartServer: a Unix socket cannot be shared by %d listeners", p.Len())
	}
	if i := p.self(); i >= 0 {
		return nil, fmt.Errorf("%w: Pool.StartServer called on loop %d of the pool", ErrRunning, i)
	}
	ps := &PoolServer{pool: p, servers: make([]*Server, p.Len())}
	for i, l := range p.loops {
		srv, err := Submit(l, coro.Func[*Server](func(yield coro.Yield) (*Server, error) {
			return startServer(yield, network, address, handle, true)
		})).Wait(context.Background())
		if err != nil {
			return nil, errors.Join(err, ps.Close())
		}
		ps.servers[i] = srv
		if i == 0 {
			ps.addr = srv.Addr()
			address = ps.addr.String() // the port the first one picked, for the others
		}
	}
	return ps, nil
}

// Addr returns the address the servers listen on.
func (ps *PoolServer) Addr() net.Addr { return ps.addr }

// Close stops every loop's server from listening, as Server.Close does, and
// waits until they have: the connections being served go on. Closing the
// pool ends them.
//
// It returns ErrRunning if called on one of the pool's loops, whose turn it
// would have to wait for.
func (ps *PoolServer) Close() error {
	if i := ps.pool.self(); i >= 0 {
		return fmt.Errorf("%w: PoolServer.Close called on loop %d of the pool", ErrRunning, i)
	}
	var errs []error
	for i, srv := range ps.servers {
		if srv == nil {
			continue
		}
		_, err := Submit(ps.pool.Loop(i), coro.Func[struct{}](func(coro.Yield) (struct{}, error) {
			return struct{}{}, srv.Close()
		})).Wait(context.Background())
		if err != nil && !errors.Is(err, coro.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
