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
// Building needs cgo and one of three ways to libmmf:
//   - pkg-config finds mmf.pc (Debian's libmmf-dev, or the library's
//     `cmake --install`): the program links libmmf.so.1;
//   - the build tag mmf_bundled compiles the library into the program from
//     the copy of its sources in this module (Linux; a C++20 compiler is
//     all it needs, and the program does not load libmmf.so);
//   - the build tag mmf_nopkgconfig takes the flags from CGO_CFLAGS and
//     CGO_LDFLAGS.
//
// Only 64-bit platforms are supported.
package mmf
