module example.invalid/mmf-examples/go

go 1.22

require example.invalid/mmf v0.0.0

// The binding from this repository (a published module would be required
// by its version instead).
replace example.invalid/mmf => ../../bindings/go
