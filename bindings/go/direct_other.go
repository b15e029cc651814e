//go:build !(linux && amd64 && cgo)

package mmf

import "example.invalid/mmf/internal/native"

// Direct reads need the library's registered load sites (x86-64 Linux):
// elsewhere every typed read makes the cgo call.
type direct struct{}

func newDirect(native.SwigcptrNativeMap) *direct { return nil }

func (*direct) get8(int64) (uint64, bool) { return 0, false }
