//go:build mmf_bundled && amd64

// Package avx2 compiles the AVX2 search (search_avx2.cpp, a copy of
// core/src's) with -mavx2: cgo's flags are per package, and no other file may
// use AVX2 (search.cpp calls it only after a run-time CPU check), as
// core/CMakeLists.txt sets the flag for this one file.
package avx2

// #cgo CXXFLAGS: -std=c++20 -mavx2 -fvisibility=hidden -fvisibility-inlines-hidden -I${SRCDIR}/..
import "C"
