//go:build !mmf_nopkgconfig

package native

// The C library is found through pkg-config (mmf.pc, installed by
// `cmake --install`; the tests use a build-tree mmf.pc, see README.md).
// SWIG's handle conversions are type punning: its manual asks for
// -fno-strict-aliasing.

// #cgo pkg-config: mmf
// #cgo CFLAGS: -fno-strict-aliasing
import "C"
