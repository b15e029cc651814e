//go:build mmf_bundled

// Package libmmf compiles the C++ core and the C ABI into the program (the
// build tag mmf_bundled): the files beside this one are copies of core/src
// and capi/ that bundle.sh refreshes and the CTest go.bundled.fresh checks.
// internal/native imports it for its side effect only: the mmf_* symbols
// that the SWIG glue calls.
//
// The flags are core/CMakeLists.txt's and capi/CMakeLists.txt's for a
// static library: C++20, MMF_BUILDING (the library's own side of mmf.h),
// MMF_STATIC (no dllimport), hidden visibility.
package libmmf

// #cgo CXXFLAGS: -std=c++20 -DMMF_BUILDING -DMMF_STATIC -fvisibility=hidden -fvisibility-inlines-hidden
// #cgo LDFLAGS: -pthread
import "C"
