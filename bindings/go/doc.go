// Package mmf is memory-mapped files with the object model of Python's mmap
// module, over the C library libmmf (mmf.h) through SWIG and cgo.
//
// A *Map is a file mapping (Open, MapFile) or anonymous shared memory
// (Anonymous) with a cursor and Python's operations: Read, Write, Seek,
// ReadByte, WriteByte, ReadLine, ReadAt, WriteAt, Find, RFind, Move, Flush,
// Resize, Len, Size, Close; typed integers at a position in a given
// binary.ByteOrder: Uint16At, Uint32At, Uint64At, the PutUint*At pairs and
// Uint64sAt for many positions in one call. It implements io.Reader,
// io.Writer, io.Seeker, io.ReaderAt, io.WriterAt, io.ByteReader,
// io.ByteWriter, io.WriterTo, io.ReaderFrom and io.Closer, and may be used
// by many goroutines at once. A View gives zero-copy access to the mapped
// memory.
//
// Failures are error values, never panics: an *Error carrying the library's
// status and message, which matches ErrClosed, ErrReadOnly, ErrOutOfRange,
// ErrBusy, ErrFault, ... with errors.Is. A file truncated under the map by
// another process gives ErrFault instead of killing the program with
// SIGBUS.
//
// Building needs cgo and libmmf: the C flags come from pkg-config (mmf.pc,
// installed by the library's `cmake --install`); with the build tag
// mmf_nopkgconfig they come from CGO_CFLAGS and CGO_LDFLAGS instead. Only
// 64-bit platforms are supported.
package mmf
