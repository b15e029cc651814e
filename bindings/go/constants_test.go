package mmf

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"testing"

	"example.invalid/mmf/internal/native"
)

// The Go constants restate mmf.h's values (Go constants cannot come from C
// at run time); native.MMF_* are the values the C compiler read from mmf.h
// (mmf.i, %constant), so this ties every Go constant to the header.
func TestConstantsMatchTheHeader(t *testing.T) {
	cases := []struct {
		name   string
		goVal  int64
		header int
	}{
		{"StatusOK", int64(StatusOK), native.MMF_OK},
		{"StatusInvalidArgument", int64(StatusInvalidArgument), native.MMF_ERR_INVALID_ARGUMENT},
		{"StatusClosed", int64(StatusClosed), native.MMF_ERR_CLOSED},
		{"StatusReadOnly", int64(StatusReadOnly), native.MMF_ERR_READ_ONLY},
		{"StatusOutOfRange", int64(StatusOutOfRange), native.MMF_ERR_OUT_OF_RANGE},
		{"StatusBusy", int64(StatusBusy), native.MMF_ERR_BUSY},
		{"StatusIO", int64(StatusIO), native.MMF_ERR_IO},
		{"StatusNoMemory", int64(StatusNoMemory), native.MMF_ERR_NO_MEMORY},
		{"StatusUnsupported", int64(StatusUnsupported), native.MMF_ERR_UNSUPPORTED},
		{"StatusFault", int64(StatusFault), native.MMF_ERR_FAULT},
		{"AccessDefault", int64(AccessDefault), native.MMF_ACCESS_DEFAULT},
		{"AccessRead", int64(AccessRead), native.MMF_ACCESS_READ},
		{"AccessWrite", int64(AccessWrite), native.MMF_ACCESS_WRITE},
		{"AccessCopy", int64(AccessCopy), native.MMF_ACCESS_COPY},
		{"Create", int64(Create), native.MMF_OPEN_CREATE},
		{"Populate", int64(Populate), native.MMF_OPEN_POPULATE},
		{"Private", int64(Private), native.MMF_MAP_PRIVATE},
		{"Exclusive", int64(Exclusive), native.MMF_OPEN_EXCLUSIVE},
		{"NoFollow", int64(NoFollow), native.MMF_OPEN_NOFOLLOW},
		{"OwnerOnly", int64(OwnerOnly), native.MMF_OPEN_OWNER_ONLY},
		{"io.SeekStart", int64(io.SeekStart), native.MMF_SEEK_SET},
		{"io.SeekCurrent", int64(io.SeekCurrent), native.MMF_SEEK_CUR},
		{"io.SeekEnd", int64(io.SeekEnd), native.MMF_SEEK_END},
		{"FlushSync", int64(FlushSync), native.MMF_FLUSH_SYNC},
		{"FlushAsync", int64(FlushAsync), native.MMF_FLUSH_ASYNC},
		{"AdviceNormal", int64(AdviceNormal), native.MMF_ADVICE_NORMAL},
		{"AdviceRandom", int64(AdviceRandom), native.MMF_ADVICE_RANDOM},
		{"AdviceSequential", int64(AdviceSequential), native.MMF_ADVICE_SEQUENTIAL},
		{"AdviceWillNeed", int64(AdviceWillNeed), native.MMF_ADVICE_WILLNEED},
		{"AdviceDontNeed", int64(AdviceDontNeed), native.MMF_ADVICE_DONTNEED},
		{"KindNone", int64(KindNone), native.MMF_KIND_NONE},
		{"KindOther", int64(KindOther), native.MMF_KIND_OTHER},
		{"KindNotFound", int64(KindNotFound), native.MMF_KIND_NOT_FOUND},
		{"KindExists", int64(KindExists), native.MMF_KIND_EXISTS},
		{"KindPermission", int64(KindPermission), native.MMF_KIND_PERMISSION},
		{"KindNoSpace", int64(KindNoSpace), native.MMF_KIND_NO_SPACE},
		{"KindTooLarge", int64(KindTooLarge), native.MMF_KIND_TOO_LARGE},
		{"KindLoop", int64(KindLoop), native.MMF_KIND_LOOP},
		{"KindNameTooLong", int64(KindNameTooLong), native.MMF_KIND_NAME_TOO_LONG},
	}
	for _, c := range cases {
		if c.goVal != int64(c.header) {
			t.Errorf("%s = %d, mmf.h says %d", c.name, c.goVal, c.header)
		}
	}
}

// The portable kind travels with every IO failure and drives errors.Is with
// the io/fs sentinels (mmf_last_error_kind; no errno table in Go).
func TestErrorKinds(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "missing"))
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNotFound || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %#v", err)
	}
	if errors.Is(err, fs.ErrExist) || errors.Is(err, fs.ErrPermission) {
		t.Fatalf("missing file matches another kind: %v", err)
	}
	p := filepath.Join(dir, "f")
	m, err := Open(p, WithFlags(Create|Exclusive), WithLength(8))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	_, err = Open(p, WithFlags(Create|Exclusive), WithLength(8))
	if !errors.As(err, &e) || e.Kind != KindExists || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("exclusive create of an existing file: %#v", err)
	}
	_, err = Open(p, WithAccess(Access(42)))
	if !errors.As(err, &e) || e.Kind != KindNone || errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a bad argument has no OS kind: %#v", err)
	}
}
