//go:build cgo

package native

import "unsafe"

// SWIG was run with -intgosize 64: Go's int must be 64 bits wide (a 32-bit
// platform fails to compile here: the array length would be negative).
var _ [unsafe.Sizeof(int(0)) - 8]byte

// The Go records must have the C structs' layout (C checks its own side).
var (
	_ [unsafe.Sizeof(ErrorRecord{}) - 4364]byte
	_ [4364 - unsafe.Sizeof(ErrorRecord{})]byte
	_ [unsafe.Sizeof(ViewRecord{}) - 16]byte
	_ [16 - unsafe.Sizeof(ViewRecord{})]byte
)
