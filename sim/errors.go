package sim

import "errors"

// ErrAmount is the error of a Container request for an amount that is not
// positive or more than the container can ever hold: it would wait forever.
var ErrAmount = errors.New("sim: amount must be positive and at most the capacity")
