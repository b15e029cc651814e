//go:build linux && amd64 && cgo

package mmf

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"example.invalid/mmf/internal/native"
)

// Direct reads (the C library's mmf_direct.h; README.md, "Typed reads
// without a cgo call"): Uint64At loads the 8 bytes itself, inside the
// library's epoch protocol, instead of making a cgo call, whose
// entersyscall/exitsyscall make every read pay its cache miss alone. A read
// the protocol does not allow is made again by the cgo call.

//go:linkname runtime_procPin runtime.procPin
func runtime_procPin() int

//go:linkname runtime_procUnpin runtime.procUnpin
func runtime_procUnpin()

func directLoad8(addr uintptr, view unsafe.Pointer) uint64

func directLoadSite() unsafe.Pointer

// direct is one map's layout for direct reads.
type direct struct {
	epoch  *uint64
	seq    *uint32
	view   *unsafe.Pointer
	data   *uint64
	length *uint64
}

var (
	// directOK: the load site is registered (once per process).
	directOnce sync.Once
	directOK   bool
	// directSlots holds a slot per P (index: procPin's P id), each a C
	// slot's epoch word. A goroutine pinned to its P cannot be preempted or
	// moved, so the P's slot holds one section at a time; the slots are
	// never released (at most one per P the process ever had).
	directSlots   atomic.Pointer[[]*uint64]
	directSlotsMu sync.Mutex
	slotActive    uintptr
)

// directSite registers directLoad8's load with the library, once.
func directSite() bool {
	directOnce.Do(func() {
		site := directLoadSite()
		if *(*[3]byte)(site) != [3]byte{0x48, 0x8b, 0x00} { // MOVQ (AX), AX
			return
		}
		directOK = native.DirectAddLoad(site)
	})
	return directOK
}

// newDirect returns the map's direct-read layout, or nil where the library
// offers none (then every typed read makes the cgo call).
func newDirect(nat native.SwigcptrNativeMap) *direct {
	if !directSite() {
		return nil
	}
	l, ok := native.DirectLayoutOf(nat)
	if !ok {
		return nil
	}
	slotActive = l.SlotActive // the same for every map
	return &direct{
		epoch:  (*uint64)(l.Epoch),
		seq:    (*uint32)(l.Seq),
		view:   (*unsafe.Pointer)(l.View),
		data:   (*uint64)(l.Data),
		length: (*uint64)(l.Length),
	}
}

// get8 is the 8 bytes at off in the machine's byte order, and true; false
// when the caller must make the cgo call (no slot for this P yet, out of
// range, a write or resize in the way, closed, faulted, a buffer acquired).
func (d *direct) get8(off int64) (uint64, bool) {
	pid := runtime_procPin()
	slots := directSlots.Load()
	if slots == nil || pid >= len(*slots) {
		runtime_procUnpin()
		growDirectSlots(pid + 1)
		return 0, false
	}
	active := (*slots)[pid]
	// Steps 1 to 3 (mmf_direct.h). Plain stores and atomic loads: Go keeps
	// memory operations in program order (a compiler barrier), and the
	// writers' membarrier is the hardware half.
	*active = atomic.LoadUint64(d.epoch)
	before := atomic.LoadUint32(d.seq)
	v := atomic.LoadPointer(d.view)
	data := atomic.LoadUint64(d.data)
	length := atomic.LoadUint64(d.length)
	var x uint64
	ok := false
	if before&1 == 0 && off >= 0 && length >= 8 && uint64(off) <= length-8 {
		// Steps 4 and 5.
		x = directLoad8(uintptr(data+uint64(off)), v)
		ok = atomic.LoadUint32(d.seq) == before && atomic.LoadPointer(d.view) == v
	}
	// Step 6: a plain store is a release store on amd64.
	*active = 0
	runtime_procUnpin()
	return x, ok
}

// growDirectSlots claims slots until there is one per P id below n.
func growDirectSlots(n int) {
	directSlotsMu.Lock()
	defer directSlotsMu.Unlock()
	var have []*uint64
	if p := directSlots.Load(); p != nil {
		have = *p
	}
	if len(have) >= n {
		return
	}
	grown := append([]*uint64(nil), have...)
	for len(grown) < n {
		s := native.DirectSlotClaim()
		if s == nil {
			return
		}
		grown = append(grown, (*uint64)(unsafe.Add(s, slotActive)))
	}
	directSlots.Store(&grown)
}
