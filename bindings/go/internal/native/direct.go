//go:build cgo

package native

// Direct reads (mmf_direct.h): the package mmf reads a map's bytes with its
// own loads; these are the few calls it needs for that, by hand (SWIG has
// nothing to add to them).

/*
#include <stdint.h>
#include <string.h>

#include "mmf_direct.h"

typedef struct {
	void* epoch;
	void* seq;
	void* view;
	void* data;
	void* length;
	uint64_t slot_active;
	int ok;
} mmf_go_direct;

static mmf_go_direct mmf_go_direct_layout(uintptr_t map) {
	mmf_go_direct r;
	mmf_direct_layout l;
	char* b;
	memset(&r, 0, sizeof r);
	memset(&l, 0, sizeof l);
	l.size = sizeof l;
	if (mmf_direct_layout_of((mmf_map*)map, &l) != MMF_OK || l.version != MMF_DIRECT_VERSION) return r;
	b = (char*)(uintptr_t)l.block;
	r.epoch = (void*)(uintptr_t)l.epoch;
	r.seq = b + l.seq_offset;
	r.view = b + l.view_offset;
	r.data = b + l.data_offset;
	r.length = b + l.length_offset;
	r.slot_active = l.slot_active_offset;
	r.ok = 1;
	return r;
}
*/
import "C"

import "unsafe"

// DirectLayout is what a direct reader of one map reads (mmf_direct.h): the
// process's epoch, the map's seq, view, data address and length, and where
// a slot holds its epoch.
type DirectLayout struct {
	Epoch, Seq, View, Data, Length unsafe.Pointer
	SlotActive                     uintptr
}

// DirectLayoutOf is mmf_direct_layout_of for the map; false where direct
// reads are not available (or the library's layout is not the version this
// package was written for).
func DirectLayoutOf(m SwigcptrNativeMap) (DirectLayout, bool) {
	r := C.mmf_go_direct_layout(C.uintptr_t(m.Swigcptr()))
	if r.ok == 0 {
		return DirectLayout{}, false
	}
	return DirectLayout{r.epoch, r.seq, r.view, r.data, r.length, uintptr(r.slot_active)}, true
}

// DirectSlotClaim is mmf_direct_slot_claim (nil: none).
func DirectSlotClaim() unsafe.Pointer { return C.mmf_direct_slot_claim() }

// DirectAddLoad is mmf_direct_add_load; false when it failed.
func DirectAddLoad(pc unsafe.Pointer) bool { return C.mmf_direct_add_load(pc) == C.MMF_OK }
