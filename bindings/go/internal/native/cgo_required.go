//go:build !cgo

package native

// The binding calls the C library through cgo: without it (CGO_ENABLED=0,
// or cross-compiling with no C compiler configured) the build stops here, on
// this line, instead of at the first missing SWIG type.
var _ = mmf_needs_cgo__build_with_CGO_ENABLED_1_and_a_C_compiler_in_CC__see_the_package_README
