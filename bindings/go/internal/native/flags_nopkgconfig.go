//go:build mmf_nopkgconfig && !mmf_bundled

package native

// With the build tag mmf_nopkgconfig the C library is found through
// CGO_CFLAGS (-I<dir of mmf.h>) and CGO_LDFLAGS (-L<dir of libmmf.so> -lmmf)
// only.

// #cgo CFLAGS: -fno-strict-aliasing
import "C"
