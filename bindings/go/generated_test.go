package mmf

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unsafe"

	"example.invalid/mmf/internal/native"
)

// No panic can reach a user from the SWIG layer: the generated Go code has
// no panic call, and the generated C never calls _swig_gopanic (which SWIG
// uses for null references and C++ exceptions; mmf.i has neither).
func TestGeneratedCodeHasNoPanics(t *testing.T) {
	dir := filepath.Join("internal", "native")
	goSrc, err := os.ReadFile(filepath.Join(dir, "native.go"))
	if err != nil {
		t.Fatal(err)
	}
	cSrc, err := os.ReadFile(filepath.Join(dir, "native_wrap.c"))
	if err != nil {
		t.Fatal(err)
	}
	if loc := regexp.MustCompile(`\bpanic\(`).FindIndex(goSrc); loc != nil {
		t.Fatalf("native.go calls panic at byte %d", loc[0])
	}
	// the only mention allowed is the runtime's #define
	calls := regexp.MustCompile(`_swig_gopanic\(`).FindAllIndex(cSrc, -1)
	if len(calls) != 0 {
		t.Fatalf("native_wrap.c calls _swig_gopanic %d times", len(calls))
	}
	if !regexp.MustCompile(`(?m)^// source: go\.i$`).Match(goSrc) {
		t.Fatal("native.go was not generated from bindings/swig by generate.sh")
	}
}

// The Go records have the size of the C structs they stand for.
func TestRecordLayout(t *testing.T) {
	if got, want := native.NativeMapError_record_size(), uint64(unsafe.Sizeof(native.ErrorRecord{})); got != want {
		t.Fatalf("sizeof(mmf_swig_error) %d, Go ErrorRecord %d", got, want)
	}
	if got, want := native.NativeMapView_record_size(), uint64(unsafe.Sizeof(native.ViewRecord{})); got != want {
		t.Fatalf("sizeof(mmf_swig_go_view) %d, Go ViewRecord %d", got, want)
	}
	// a message longer than the record is cut, still NUL-terminated
	r := getRecord()
	native.NativeMapOpen(string(make([]byte, 10000))+"x", 0, 0, 0, 0, r)
	err := takeError(r)
	if StatusOf(err) != StatusInvalidArgument {
		t.Fatalf("path with NULs: %v", err)
	}
}
