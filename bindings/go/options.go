package mmf

import "strconv"

// Access says how a map may be used: Python's access= argument.
type Access int

// The access modes of mmf.h (mmf_access).
const (
	// AccessDefault: read and write, shared with the file (Python's default
	// on Unix). With Private it behaves exactly like AccessCopy.
	AccessDefault Access = 0
	// AccessRead: read only; writes, moves and resizes fail with ErrReadOnly.
	AccessRead Access = 1
	// AccessWrite: write-through, changes reach the file.
	AccessWrite Access = 2
	// AccessCopy: copy-on-write, changes never reach the file; cannot be
	// resized.
	AccessCopy Access = 3
)

func (a Access) String() string {
	switch a {
	case AccessDefault:
		return "default"
	case AccessRead:
		return "read"
	case AccessWrite:
		return "write"
	case AccessCopy:
		return "copy"
	}
	return "Access(" + strconv.Itoa(int(a)) + ")"
}

// Flag is a set of MMF_OPEN_* / MMF_MAP_* bits (mmf.h), given with
// WithFlags.
type Flag uint32

// The flags of mmf.h.
const (
	// Create the file if it does not exist (mode 0666 &^ umask) and extend
	// it to offset+length if it is shorter (its blocks are reserved first).
	Create Flag = 0x1
	// Populate prefaults the pages at open (MAP_POPULATE); a hint.
	Populate Flag = 0x2
	// Private makes a copy-on-write map: with AccessDefault this is
	// AccessCopy; with an explicit access it is ErrInvalidArgument.
	Private Flag = 0x4
	// Exclusive, with Create: fail with ErrIO (EEXIST) if the file exists.
	// With Named: create only, ErrIO (EEXIST) if the name exists.
	Exclusive Flag = 0x8
	// NoFollow refuses a path whose last component is a symbolic link
	// (ErrIO, ELOOP).
	NoFollow Flag = 0x10
	// OwnerOnly, with Create: create the file with mode 0600.
	OwnerOnly Flag = 0x20
)

// Option configures Open, Anonymous, Named and MapFile.
type Option func(*options)

type options struct {
	access Access
	offset int64
	length int64
	flags  Flag
}

// WithAccess sets the access mode (default AccessDefault). An unknown value
// is ErrInvalidArgument from the C library.
func WithAccess(a Access) Option { return func(o *options) { o.access = a } }

// WithOffset maps the file from byte off (default 0). Any offset works, not
// only multiples of AllocationGranularity. A negative offset reaches the C
// library as a huge unsigned value and fails with ErrOutOfRange. Anonymous
// maps need 0.
func WithOffset(off int64) Option { return func(o *options) { o.offset = off } }

// WithLength maps n bytes (default 0: from the offset to the end of the
// file). Ignored by Anonymous, which takes its length as an argument. A
// negative length fails with ErrOutOfRange.
func WithLength(n int64) Option { return func(o *options) { o.length = n } }

// WithFlags adds flags (Create, Private, ...); several WithFlags add up.
// Unknown bits are ErrInvalidArgument.
func WithFlags(f Flag) Option { return func(o *options) { o.flags |= f } }

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// Advice tells the OS how a range will be used (Madvise).
type Advice int

// The advice values of mmf.h (portable numbers mapped to the OS's own).
const (
	AdviceNormal     Advice = 0
	AdviceRandom     Advice = 1
	AdviceSequential Advice = 2
	AdviceWillNeed   Advice = 3
	AdviceDontNeed   Advice = 4
)

// FlushMode chooses how FlushRange waits.
type FlushMode uint32

const (
	// FlushSync returns once the range is on stable storage (msync MS_SYNC,
	// then fsync if the file's size changed since the last sync flush).
	FlushSync FlushMode = 0
	// FlushAsync schedules write-back and returns at once (msync MS_ASYNC);
	// it guarantees nothing about durability.
	FlushAsync FlushMode = 1
)

// Omitted is "argument omitted" for the start and end of FindRange and
// RFindRange (MMF_POS_DEFAULT): start then defaults to the cursor, end to
// the length.
const Omitted int64 = -1 << 63
