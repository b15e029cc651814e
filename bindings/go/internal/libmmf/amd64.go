//go:build mmf_bundled && amd64

package libmmf

// search.cpp calls the AVX2 search on x86-64 (core/CMakeLists.txt compiles
// it there only).
import _ "example.invalid/mmf/internal/libmmf/avx2"
