//go:build !mmf_nopkgconfig && !mmf_bundled

package native

// The C library is found through pkg-config (mmf.pc, installed with
// libmmf-dev or by `cmake --install`; the tests use a build-tree mmf.pc, see
// README.md). SWIG's handle conversions are type punning: its manual asks
// for -fno-strict-aliasing.
//
// The --define-variable below does nothing when mmf.pc is found; when it is
// not, the go command prints the pkg-config command line, and so this text,
// above pkg-config's own error. cmd/go admits no '-', '@', '(' or quote in
// it, hence the Unicode hyphen in the package's name (README.md, "Using it").

// #cgo pkg-config: "--define-variable=mmf_not_found=HOW TO FIX: libmmf was not found. Either install it with its mmf.pc, on Debian the package libmmf‐dev, or add the directory of mmf.pc to PKG_CONFIG_PATH. Or compile libmmf into the program from the sources in this module, with the build tag mmf_bundled, which needs only a C++20 compiler. Without pkg‐config at all: the build tag mmf_nopkgconfig, with the flags in CGO_CFLAGS and CGO_LDFLAGS." mmf
// #cgo CFLAGS: -fno-strict-aliasing
import "C"
