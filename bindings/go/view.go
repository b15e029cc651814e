package mmf

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"example.invalid/mmf/internal/native"
)

// View is zero-copy access to a map's memory (Python: memoryview(m)). While
// a View is held the map is pinned: Close and Resize fail with ErrBusy, so
// the memory stays where it is. Views nest (a counter in the library).
//
// The slice from Bytes points into the mapping, not into Go memory, and
// bypasses the library: no locking against other goroutines' writes, and
// no fault guard. Touching it after the file was truncated by someone else
// raises SIGBUS in Go code, which the Go runtime reports as a fatal
// "unexpected fault address" (or a recoverable panic under
// debug.SetPanicOnFault(true)); the Map's own methods return ErrFault
// instead. The slice of a read-only map must not be written (the process
// would crash with SIGSEGV).
//
// Release the View when done: no finalizer does it, because the slice does
// not keep the View reachable and releasing it behind a live slice would
// let Close unmap the memory under it. An unreleased View keeps the map
// open (a leak, never a crash).
type View struct {
	h        *handle
	data     []byte
	released atomic.Bool
}

// View pins the map and returns its memory. Errors: ErrClosed, ErrFault
// (an earlier call found the file truncated, until Resize).
func (m *Map) View() (*View, error) {
	nat, err := m.begin("View")
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(m)
	// The View's reference, dropped by View.Release (m is reachable, so its
	// own reference is still held and enter cannot fail).
	if !m.h.enter() {
		return nil, newError(StatusClosed, "View: the map is closed (handle released)")
	}
	var vr native.ViewRecord
	r := getRecord()
	nat.View_acquire(&vr, r)
	if err := takeError(r); err != nil {
		m.h.exit()
		return nil, err
	}
	data := []byte{}
	if vr.Length > 0 && vr.Data != nil {
		data = unsafe.Slice((*byte)(vr.Data), int(vr.Length))
	}
	return &View{h: m.h, data: data}, nil
}

// Bytes is the map's memory, len(Bytes()) == the map's length when the View
// was taken; nil after Release (and for a nil *View). Do not use the slice
// after Release.
func (v *View) Bytes() []byte {
	if v == nil || v.released.Load() {
		return nil
	}
	return v.data
}

// Release unpins the map. Releasing twice (or a nil *View) does nothing.
func (v *View) Release() error {
	if v == nil || !v.released.CompareAndSwap(false, true) {
		return nil
	}
	r := getRecord()
	v.h.nat.Buffer_release(r)
	err := takeError(r)
	v.h.exit()
	return err
}
