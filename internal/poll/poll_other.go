//go:build !linux

package poll

import "time"

// Poller is not available here: New returns ErrUnsupported.
type Poller struct{ waker }

// New returns ErrUnsupported.
func New() (*Poller, error) { return nil, ErrUnsupported }

// Add is never called: there is no Poller.
func (p *Poller) Add(Token) error { return ErrUnsupported }

// Remove is never called: there is no Poller.
func (p *Poller) Remove(int) error { return ErrUnsupported }

// Wait is never called: there is no Poller.
func (p *Poller) Wait(time.Duration, func(Token, Events)) (bool, error) {
	return false, ErrUnsupported
}

// Wake is never called: there is no Poller.
func (p *Poller) Wake() {}

// Close is never called: there is no Poller.
func (p *Poller) Close() error { return ErrUnsupported }
