package loop

import (
	"testing"

	"github.com/corio-go/corio/coro"
)

// TestDatagramCancelledRecvPassesItOn: a Recv woken for a datagram and
// cancelled in the same step leaves it to the next waiting Recv.
func TestDatagramCancelledRecvPassesItOn(t *testing.T) {
	_, err := Run(coro.Func[struct{}](func(yield coro.Yield) (struct{}, error) {
		d, err := ListenDatagram(yield, "udp", "127.0.0.1:0")
		if err != nil {
			return struct{}{}, err
		}
		defer d.Close()
		recv := func(yield coro.Yield) (string, error) {
			p, _, err := d.Recv(yield)
			return string(p), err
		}
		first := coro.Spawn(yield, coro.Func[string](recv))
		second := coro.Spawn(yield, coro.Func[string](recv))
		coro.Sleep(0).Await(yield) // both wait
		d.deliver([]byte("only one"), d.LocalAddr(), nil)
		first.Cancel(nil) // woken for it, and cancelled before it runs
		if got, err := second.Await(yield); got != "only one" || err != nil {
			t.Errorf("the second Recv got %q, %v; want the datagram the first left", got, err)
		}
		if _, err := first.Await(yield); err == nil {
			t.Error("the cancelled Recv returned no error")
		}
		return struct{}{}, nil
	}), WithVirtualClock())
	if err != nil {
		t.Fatal(err)
	}
}
