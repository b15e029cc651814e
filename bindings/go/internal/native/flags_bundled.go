//go:build mmf_bundled

package native

// With the build tag mmf_bundled the C library is compiled into the program
// from the copy of its sources in internal/libmmf (no pkg-config, no
// libmmf.so): the header is that copy's mmf.h, and the mmf_* symbols come
// from that package, which the external linker (the C++ compiler, as cgo
// uses it for C++) resolves at the program's link.

// #cgo CFLAGS: -fno-strict-aliasing -I${SRCDIR}/../libmmf
import "C"

import _ "example.invalid/mmf/internal/libmmf"
