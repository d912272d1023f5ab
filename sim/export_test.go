package sim

// StudentT is studentT, for the tests.
var StudentT = studentT
