module github.com/corio-go/corio

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	go.uber.org/goleak v1.3.0
	pgregory.net/rapid v1.3.0
)

require golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4

require golang.org/x/sys v0.50.0
