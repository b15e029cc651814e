using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Mmf {
  /// <summary>
  /// A memory-mapped file, or anonymous shared memory, with the object model of
  /// Python's <c>mmap</c>: a cursor (<see cref="Read(int)"/>, <see cref="Write(byte[])"/>,
  /// <see cref="Seek"/>, <see cref="Position"/>), positional access
  /// (<see cref="Read(long, byte[], int, int)"/>, <see cref="Write(long, byte[], int, int)"/>),
  /// typed positional access (<see cref="ReadInt64"/>, <see cref="Write(long, long)"/> and
  /// the other widths), <see cref="Find"/>/<see cref="RFind"/>, <see cref="Move"/>, <see cref="Flush()"/>,
  /// <see cref="Resize"/>, a <see cref="Stream"/> (<see cref="AsStream"/>), zero-copy
  /// <see cref="View"/>s and an explicit <see cref="Dispose"/> that unmaps at once.
  /// </summary>
  /// <remarks>
  /// <para><b>Sizes</b> are 64-bit <c>long</c>s. Positions, lengths and counts are
  /// unsigned in the C library: a negative value reaches it as the huge unsigned
  /// value with the same bits and fails there with <see cref="MmfOutOfRangeException"/>
  /// (an <see cref="ArgumentOutOfRangeException"/>), the rule of the conformance
  /// vectors. Arrays are checked in C# first, the way <see cref="Stream.Read(byte[], int, int)"/>
  /// checks them.</para>
  /// <para><b>Threads</b>: every member may be used from any number of threads at
  /// once (the C library locks per map). The native handle is a
  /// <see cref="System.Runtime.InteropServices.SafeHandle"/>: every call holds a
  /// reference for its duration (the typed, span and positional array calls are
  /// counted more cheaply, with the same effect), so <see cref="Dispose"/> on
  /// another thread unmaps at once (it waits for calls in flight) but frees the
  /// handle only when the last call has returned. Later calls throw
  /// <see cref="ObjectDisposedException"/> (<see cref="MmfClosedException"/>).</para>
  /// </remarks>
  public sealed unsafe class MappedFile : IDisposable {
    /// <summary>"Argument omitted" for the start and end of <see cref="Find"/> and <see cref="RFind"/>.</summary>
    public const long DefaultPosition = long.MinValue;

    /// <summary>The largest byte array the binding allocates for a result.</summary>
    internal const int MaxArray = 0x7FFFFFC7;

    static readonly byte[] Empty = new byte[0];
    static readonly byte[] Newline = { (byte)'\n' };

    readonly MapHandle handle;
    readonly NativeMap map; // a non-owning proxy: the handle is owned by `handle`
    readonly MmfAccess access;

    // The fast calls (typed, span and positional byte-array I/O) pass the raw
    // pointer and count themselves in `fastCalls` instead of taking a SafeHandle
    // reference, which costs more than the rest of the managed side together
    // (README, "What a call costs"). Dispose sets `disposing` and waits for
    // fastCalls to drain before it lets the SafeHandle free the handle: a fast
    // call either sees `disposing` and throws, or is counted and Dispose waits
    // for it (both sides use full fences).
    readonly IntPtr raw;
    int fastCalls;
    int disposing;

    MappedFile(IntPtr raw) {
      this.raw = raw;
      handle = new MapHandle(raw);
      map = new NativeMap(raw, false);
      // The library resolves the access (mmf_access_of), so the rule of
      // Private with Default is not restated here.
      access = (MmfAccess)map.access_of();
    }

    // ------------------------------------------------------------------ opening

    /// <summary>
    /// Opens the file at <paramref name="path"/> and maps it (Python:
    /// <c>mmap.mmap(f.fileno(), length, access=..., offset=...)</c>). A length of 0
    /// maps from <paramref name="offset"/> to the end of the file.
    /// </summary>
    /// <exception cref="ArgumentNullException">path is null.</exception>
    /// <exception cref="ArgumentException">path is empty; inconsistent options or an empty file (<see cref="MmfArgumentException"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">offset or offset + length is past the end of the file (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied.</exception>
    /// <exception cref="IOException">the OS refused otherwise (<see cref="MmfIOException"/>).</exception>
    public static MappedFile Open(string path, MmfAccess access = MmfAccess.Default, long offset = 0, long length = 0,
                                  MmfOpenFlags flags = MmfOpenFlags.None) {
      if (path == null) throw new ArgumentNullException("path");
      if (path.Length == 0) throw new ArgumentException("MappedFile.Open: the path is empty", "path");
      NativeGlue.Ensure();
      byte[] p = Encoding.UTF8.GetBytes(path); // the file-name encoding of .NET and Mono on Unix
      IntPtr raw = NativeMap.open(p, (int)access, unchecked((ulong)offset), unchecked((ulong)length), (uint)flags);
      return new MappedFile(raw);
    }

    /// <summary>
    /// <paramref name="length"/> bytes of zeroed memory backed by no file (Python:
    /// <c>mmap.mmap(-1, length)</c>); with Default or Write access shared with forked
    /// children. It can be resized.
    /// </summary>
    /// <exception cref="ArgumentException">length 0, bad flags or access (<see cref="MmfArgumentException"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">a negative length (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="OutOfMemoryException">no memory or address space (<see cref="MmfOutOfMemoryException"/>).</exception>
    public static MappedFile Anonymous(long length, MmfAccess access = MmfAccess.Default,
                                       MmfOpenFlags flags = MmfOpenFlags.None) {
      NativeGlue.Ensure();
      IntPtr raw = NativeMap.open_anonymous(unchecked((ulong)length), (int)access, 0, (uint)flags);
      return new MappedFile(raw);
    }

    /// <summary>
    /// Creates or opens the named shared map <paramref name="name"/> (Python's Windows
    /// <c>tagname</c>; <c>mmf_open_named</c>): other processes, in any language, map the same
    /// bytes by the same name. <paramref name="length"/> 0 opens only;
    /// <see cref="MmfOpenFlags.Exclusive"/> creates only. The rules (names, sizes, access,
    /// owner, lifetime, sharing) are those of <c>mmf_open_named</c> in <c>mmf.h</c>, written
    /// once there. The name is passed as UTF-8.
    /// </summary>
    /// <exception cref="ArgumentNullException">name is null.</exception>
    /// <exception cref="ArgumentException">a name that breaks the rules, Exclusive with length 0, a flag not allowed with a name (Create, NoFollow, OwnerOnly) (<see cref="MmfArgumentException"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">length is larger than the existing map, or negative (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="FileNotFoundException">length 0 and the name does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">the name belongs to another user.</exception>
    /// <exception cref="IOException">the name exists (Exclusive), or the OS refused otherwise (<see cref="MmfIOException"/>).</exception>
    public static MappedFile Named(string name, long length, MmfAccess access = MmfAccess.Default,
                                   MmfOpenFlags flags = MmfOpenFlags.None) {
      if (name == null) throw new ArgumentNullException("name");
      NativeGlue.Ensure();
      IntPtr raw = NativeMap.open_named(Encoding.UTF8.GetBytes(name), unchecked((ulong)length), (int)access, 0, (uint)flags);
      return new MappedFile(raw);
    }

    /// <summary>
    /// Removes the name of a named shared map (<c>mmf_unlink_named</c>): maps of it stay
    /// valid, and a later <see cref="Named"/> with the name creates a new map. A name that
    /// does not exist is not an error, so cleanup code may call this unconditionally.
    /// Windows: does nothing but check the name (the name goes away with the last map of it).
    /// </summary>
    /// <exception cref="ArgumentNullException">name is null.</exception>
    /// <exception cref="ArgumentException">a name that breaks the rules (<see cref="MmfArgumentException"/>).</exception>
    /// <exception cref="IOException">the OS refused (permission denied: <see cref="UnauthorizedAccessException"/>).</exception>
    public static void UnlinkNamed(string name) {
      if (name == null) throw new ArgumentNullException("name");
      NativeGlue.Ensure();
      NativeMap.unlink_named(Encoding.UTF8.GetBytes(name));
    }

    // ------------------------------------------------------------------ the reference count

    /// <summary>Takes a reference for one call; a disposed map is an <see cref="MmfClosedException"/>.</summary>
    void Enter(ref bool added, string call) {
      try {
        handle.DangerousAddRef(ref added);
      } catch (ObjectDisposedException) {
        throw new MmfClosedException("MappedFile." + call + ": the map is disposed");
      }
    }

    void Exit(bool added) {
      if (added) handle.DangerousRelease();
    }

    static void CheckArray(byte[] buffer, int offset, int count) {
      if (buffer == null) throw new ArgumentNullException("buffer");
      if (offset < 0) throw new ArgumentOutOfRangeException("offset", "offset is negative");
      if (count < 0) throw new ArgumentOutOfRangeException("count", "count is negative");
      if (buffer.Length - offset < count)
        throw new ArgumentException("offset + count is past the end of the buffer (" + buffer.Length + " bytes)");
    }

    // ------------------------------------------------------------------ cursor I/O

    /// <summary>Reads from the cursor to the end of the map and advances the cursor (Python: <c>read()</c>).</summary>
    /// <exception cref="IOException">more than a byte array can hold remains: read in pieces.</exception>
    public byte[] Read() {
      bool added = false;
      try {
        Enter(ref added, "Read");
        long avail = Remaining();
        if (avail > MaxArray)
          throw new IOException("MappedFile.Read: " + avail + " bytes do not fit in a byte array; read in pieces");
        return ReadCursor(avail);
      } finally {
        Exit(added);
      }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes at the cursor and advances it (Python: <c>read(n)</c>); empty at or past the end.</summary>
    public byte[] Read(int count) {
      if (count < 0) throw new ArgumentOutOfRangeException("count", "count is negative; Read() reads to the end");
      bool added = false;
      try {
        Enter(ref added, "Read");
        return ReadCursor(Math.Min(count, Remaining()));
      } finally {
        Exit(added);
      }
    }

    byte[] ReadCursor(long want) {
      byte[] buf = want <= 0 ? Empty : new byte[want];
      long got = (long)map.read(buf, 0, buf.Length);
      return Trim(buf, got);
    }

    static byte[] Trim(byte[] buf, long got) {
      if (got == buf.Length) return buf;
      byte[] r = new byte[got];
      Buffer.BlockCopy(buf, 0, r, 0, (int)got);
      return r;
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at the cursor; returns the count (0 at or past the end).</summary>
    public int Read(byte[] buffer) {
      if (buffer == null) throw new ArgumentNullException("buffer");
      return Read(buffer, 0, buffer.Length);
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes at the cursor into
    /// <c>buffer[offset..]</c> and advances the cursor by the count, which is
    /// returned (0 at or past the end).
    /// </summary>
    public int Read(byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      bool added = false;
      try {
        Enter(ref added, "Read");
        return (int)map.read(buffer, offset, count);
      } finally {
        Exit(added);
      }
    }

    /// <summary>Reads the byte at the cursor and advances by one (Python: <c>read_byte()</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">at or past the end (<see cref="MmfOutOfRangeException"/>): unlike <see cref="Stream.ReadByte"/>, not -1.</exception>
    public byte ReadByte() {
      bool added = false;
      try {
        Enter(ref added, "ReadByte");
        return (byte)map.read_byte();
      } finally {
        Exit(added);
      }
    }

    /// <summary>Reads up to and including the next <c>'\n'</c>, or to the end (Python: <c>readline()</c>).</summary>
    public byte[] ReadLine() {
      return ReadLine(MaxArray);
    }

    /// <summary>
    /// Like <see cref="ReadLine()"/>, but returns at most <paramref name="maxCount"/> bytes:
    /// a longer line comes in pieces, only the last of which ends with <c>'\n'</c>.
    /// </summary>
    public byte[] ReadLine(int maxCount) {
      if (maxCount < 0) throw new ArgumentOutOfRangeException("maxCount", "maxCount is negative");
      bool added = false;
      try {
        Enter(ref added, "ReadLine");
        // Size the array from the next newline, then read in one call (the cursor moves once).
        long pos = (long)map.tell();
        long len = (long)map.length();
        long nl = pos < len ? map.find(Newline, 0, 1, DefaultPosition, DefaultPosition) : -1;
        long want = nl >= 0 ? nl - pos + 1 : Math.Max(0, len - pos);
        want = Math.Max(0, Math.Min(want, maxCount));
        byte[] buf = want == 0 ? Empty : new byte[want];
        long got = (long)map.readline(buf, 0, buf.Length);
        return Trim(buf, got);
      } finally {
        Exit(added);
      }
    }

    /// <summary>Writes all of <paramref name="buffer"/> at the cursor (all or nothing) and advances it (Python: <c>write</c>).</summary>
    public void Write(byte[] buffer) {
      if (buffer == null) throw new ArgumentNullException("buffer");
      Write(buffer, 0, buffer.Length);
    }

    /// <summary>Writes <c>buffer[offset..offset+count)</c> at the cursor, all or nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">the bytes do not fit between the cursor and the end (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    public void Write(byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      bool added = false;
      try {
        Enter(ref added, "Write");
        map.write(buffer, offset, count);
      } finally {
        Exit(added);
      }
    }

    /// <summary>Writes one byte at the cursor and advances by one (Python: <c>write_byte</c>).</summary>
    public void WriteByte(byte value) {
      bool added = false;
      try {
        Enter(ref added, "WriteByte");
        map.write_byte(value);
      } finally {
        Exit(added);
      }
    }

    /// <summary>
    /// Moves the cursor (Python: <c>seek(offset, whence)</c>) and returns the new
    /// position, which must lie in [0, Length]; otherwise
    /// <see cref="MmfOutOfRangeException"/> and the cursor stays. The values of
    /// <see cref="SeekOrigin"/> are those of C's SEEK_SET/CUR/END; any other value is
    /// an <see cref="MmfArgumentException"/>.
    /// </summary>
    public long Seek(long offset, SeekOrigin origin) {
      bool added = false;
      try {
        Enter(ref added, "Seek");
        return (long)map.seek(offset, (int)origin);
      } finally {
        Exit(added);
      }
    }

    /// <summary>The cursor (Python: <c>tell()</c>/<c>seek(pos)</c>); after a shrink it may lie past the end.</summary>
    public long Position {
      get {
        bool added = false;
        try {
          Enter(ref added, "Position");
          return (long)map.tell();
        } finally {
          Exit(added);
        }
      }
      set { Seek(value, SeekOrigin.Begin); }
    }

    // ------------------------------------------------------------------ positional I/O

    /// <summary>
    /// Up to <paramref name="count"/> bytes from <paramref name="position"/> (Python:
    /// <c>m[pos:pos+count]</c>), fewer only at the end; the cursor does not move.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">position is past the end (<see cref="MmfOutOfRangeException"/>), or count is negative.</exception>
    public byte[] Read(long position, int count) {
      if (count < 0) throw new ArgumentOutOfRangeException("count", "count is negative");
      bool added = false;
      try {
        Enter(ref added, "Read");
        long len = (long)map.length();
        long want = position >= 0 && position < len ? Math.Min(count, len - position) : 0;
        byte[] buf = want == 0 ? Empty : new byte[want];
        long got = (long)map.read_at(unchecked((ulong)position), buf, 0, buf.Length);
        return Trim(buf, got);
      } finally {
        Exit(added);
      }
    }

    /// <summary>
    /// Copies up to <paramref name="count"/> bytes from <paramref name="position"/> into
    /// <c>buffer[offset..]</c> in one call; returns the count, smaller only at the
    /// end of the map. The cursor does not move.
    /// </summary>
    public int Read(long position, byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      fixed (byte* p = buffer) {
        return ReadSome(position, p + offset, count, "Read");
      }
    }

    /// <summary>Writes all of <paramref name="buffer"/> at <paramref name="position"/> (Python: <c>m[pos:pos+n] = buffer</c>).</summary>
    public void Write(long position, byte[] buffer) {
      if (buffer == null) throw new ArgumentNullException("buffer");
      Write(position, buffer, 0, buffer.Length);
    }

    /// <summary>Writes <c>buffer[offset..offset+count)</c> at <paramref name="position"/>, all or nothing; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position + count exceeds the length (<see cref="MmfOutOfRangeException"/>).</exception>
    public void Write(long position, byte[] buffer, int offset, int count) {
      CheckArray(buffer, offset, count);
      fixed (byte* p = buffer) {
        WriteAll(position, p + offset, count, "Write");
      }
    }

    // ------------------------------------------------------------------ typed positional access

    // Every typed read or write below is ONE native call (mmf_read_at or
    // mmf_write_at through the glue's mmf_cs_* functions): the library checks
    // the bounds, the access and whether the map is open, and guards against
    // faults, exactly as for Read(long, byte[], int, int). Values are
    // little-endian in the map on every platform, so a file written on one
    // machine reads the same on another; a big-endian host swaps.

    /// <summary>The byte at <paramref name="position"/>; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative or not below <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the bytes are gone: the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public byte ReadByte(long position) {
      byte v;
      ReadExact(position, &v, 1, "ReadByte");
      return v;
    }

    /// <summary>
    /// The little-endian 16-bit integer at <paramref name="position"/> (any
    /// alignment); the cursor does not move. The exceptions are those of
    /// <see cref="ReadInt64"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 2 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public short ReadInt16(long position) {
      short v;
      ReadExact(position, &v, 2, "ReadInt16");
      return BitConverter.IsLittleEndian ? v : Swap(v);
    }

    /// <summary>The little-endian unsigned 16-bit integer at <paramref name="position"/>; as <see cref="ReadInt16"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 2 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public ushort ReadUInt16(long position) {
      return unchecked((ushort)ReadInt16(position));
    }

    /// <summary>The little-endian 32-bit integer at <paramref name="position"/> (any alignment); the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public int ReadInt32(long position) {
      int v;
      ReadExact(position, &v, 4, "ReadInt32");
      return BitConverter.IsLittleEndian ? v : Swap(v);
    }

    /// <summary>The little-endian unsigned 32-bit integer at <paramref name="position"/>; as <see cref="ReadInt32"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public uint ReadUInt32(long position) {
      return unchecked((uint)ReadInt32(position));
    }

    /// <summary>
    /// The little-endian 64-bit integer at <paramref name="position"/> (any
    /// alignment), read in one native call; the cursor does not move
    /// (<see cref="System.IO.UnmanagedMemoryAccessor.ReadInt64"/>'s counterpart).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public long ReadInt64(long position) {
      long v;
      ReadExact(position, &v, 8, "ReadInt64");
      return BitConverter.IsLittleEndian ? v : Swap(v);
    }

    /// <summary>The little-endian unsigned 64-bit integer at <paramref name="position"/>; as <see cref="ReadInt64"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public ulong ReadUInt64(long position) {
      return unchecked((ulong)ReadInt64(position));
    }

    /// <summary>The little-endian IEEE 754 single at <paramref name="position"/>; as <see cref="ReadInt32"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public float ReadSingle(long position) {
      int v = ReadInt32(position);
      return *(float*)&v;
    }

    /// <summary>The little-endian IEEE 754 double at <paramref name="position"/>; as <see cref="ReadInt64"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public double ReadDouble(long position) {
      long v = ReadInt64(position);
      return *(double*)&v;
    }

    /// <summary>Writes one byte at <paramref name="position"/>; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative or not below <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, byte value) {
      WriteAll(position, &value, 1, "Write");
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (2 bytes, any alignment), all or nothing; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 2 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, short value) {
      if (!BitConverter.IsLittleEndian) value = Swap(value);
      WriteAll(position, &value, 2, "Write");
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (2 bytes); as <see cref="Write(long, short)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 2 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, ushort value) {
      Write(position, unchecked((short)value));
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (4 bytes, any alignment), all or nothing; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, int value) {
      if (!BitConverter.IsLittleEndian) value = Swap(value);
      WriteAll(position, &value, 4, "Write");
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (4 bytes); as <see cref="Write(long, int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, uint value) {
      Write(position, unchecked((int)value));
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (8 bytes, any alignment), all or nothing, in one native call; the cursor does not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, long value) {
      if (!BitConverter.IsLittleEndian) value = Swap(value);
      WriteAll(position, &value, 8, "Write");
    }

    /// <summary>Writes <paramref name="value"/> little-endian at <paramref name="position"/> (8 bytes); as <see cref="Write(long, long)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, ulong value) {
      Write(position, unchecked((long)value));
    }

    /// <summary>Writes <paramref name="value"/> (IEEE 754) little-endian at <paramref name="position"/> (4 bytes); as <see cref="Write(long, int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 4 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, float value) {
      Write(position, *(int*)&value);
    }

    /// <summary>Writes <paramref name="value"/> (IEEE 754) little-endian at <paramref name="position"/> (8 bytes); as <see cref="Write(long, long)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + 8 exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, double value) {
      Write(position, *(long*)&value);
    }

#if MMF_SPAN
    /// <summary>
    /// The struct <typeparamref name="T"/> at <paramref name="position"/>, its bytes
    /// copied as they lie in the map (the host's byte order and <typeparamref name="T"/>'s
    /// layout: use <see cref="StructLayoutAttribute"/> with <see cref="LayoutKind.Sequential"/>
    /// and <c>Pack</c> to fix it), in one native call; the cursor does not move.
    /// Only structs without references qualify (C#'s <c>unmanaged</c> types); the
    /// check is made at run time, because Mono's <c>mcs</c> has no <c>unmanaged</c>
    /// constraint.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is or contains a reference type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + the size of <typeparamref name="T"/> exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public T Read<T>(long position) where T : struct {
      T value = default(T);
      Span<byte> bytes = AsBytes(ref value, "Read");
      fixed (byte* p = &MemoryMarshal.GetReference(bytes)) {
        ReadExact(position, p, bytes.Length, "Read");
      }
      return value;
    }

    /// <summary>
    /// Writes the bytes of the struct <paramref name="value"/> at <paramref name="position"/>
    /// as they lie in memory (see <see cref="Read{T}"/>), all or nothing, in one native
    /// call; the cursor does not move.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is or contains a reference type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + the size of <typeparamref name="T"/> exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write<T>(long position, T value) where T : struct {
      Span<byte> bytes = AsBytes(ref value, "Write");
      fixed (byte* p = &MemoryMarshal.GetReference(bytes)) {
        WriteAll(position, p, bytes.Length, "Write");
      }
    }

    static Span<byte> AsBytes<T>(ref T value, string call) where T : struct {
      // A reference copied to or from a file would be a forged pointer for the GC.
      if (HasReferences<T>.Value)
        throw new ArgumentException("MappedFile." + call + "<" + typeof(T) + ">: the type is or contains a reference type; " +
                                    "only structs of primitive, pointer, enum and such struct fields can be mapped", "T");
      return MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1));
    }

    static class HasReferences<T> {
      internal static readonly bool Value = RuntimeHelpers.IsReferenceOrContainsReferences<T>();
    }

    /// <summary>
    /// Copies up to <c>destination.Length</c> bytes from <paramref name="position"/> into
    /// <paramref name="destination"/> in one native call and returns the count, smaller
    /// only at the end of the map (0 at the end); the cursor does not move.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative or past <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public int Read(long position, Span<byte> destination) {
      fixed (byte* p = &MemoryMarshal.GetReference(destination)) {
        return ReadSome(position, p, destination.Length, "Read");
      }
    }

    /// <summary>
    /// Writes all of <paramref name="source"/> at <paramref name="position"/>, all or
    /// nothing, in one native call (Python: <c>m[pos:pos+n] = source</c>); the cursor does not move.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">position is negative, or position + source.Length exceeds <see cref="Length"/> (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(long position, ReadOnlySpan<byte> source) {
      fixed (byte* p = &MemoryMarshal.GetReference(source)) {
        WriteAll(position, p, source.Length, "Write");
      }
    }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes at the cursor into <paramref name="destination"/>
    /// and advances the cursor by the count, which it returns (Python: <c>readinto</c>); 0 at or past the end.
    /// </summary>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public int Read(Span<byte> destination) {
      fixed (byte* p = &MemoryMarshal.GetReference(destination)) {
        bool counted = false;
        try {
          try {
          } finally {
            Interlocked.Increment(ref fastCalls);
            counted = true;
          }
          if (Volatile.Read(ref disposing) != 0) throw Disposed("Read");
          ulong got;
          int s = NativeFast.Read(raw, p, (ulong)destination.Length, &got);
          if (s != 0) throw NativeFast.Failure(s);
          return (int)got;
        } finally {
          if (counted) Interlocked.Decrement(ref fastCalls);
        }
      }
    }

    /// <summary>Writes all of <paramref name="source"/> at the cursor, all or nothing, and advances it (Python: <c>write</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">the bytes do not fit between the cursor and the end (<see cref="MmfOutOfRangeException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="ObjectDisposedException">the map is disposed (<see cref="MmfClosedException"/>).</exception>
    /// <exception cref="IOException">the file was truncated under the map (<see cref="MmfFaultException"/>).</exception>
    public void Write(ReadOnlySpan<byte> source) {
      fixed (byte* p = &MemoryMarshal.GetReference(source)) {
        bool counted = false;
        try {
          try {
          } finally {
            Interlocked.Increment(ref fastCalls);
            counted = true;
          }
          if (Volatile.Read(ref disposing) != 0) throw Disposed("Write");
          int s = NativeFast.Write(raw, p, (ulong)source.Length);
          if (s != 0) throw NativeFast.Failure(s);
        } finally {
          if (counted) Interlocked.Decrement(ref fastCalls);
        }
      }
    }
#endif

    // ------------------------------------------------------------------ the fast calls' plumbing

    // The fast calls count themselves in and out inline (Mono inlines no method
    // with a try block or a throw, and a call is a measurable part of the cost).
    // The increment sits in a finally block, where Mono defers Thread.Abort, and
    // `counted` says whether it happened, so that an abort can never leave a
    // count behind for Dispose to wait on forever (SafeHandle.DangerousAddRef's
    // pattern):
    //   bool counted = false;
    //   try {
    //     try { } finally { Interlocked.Increment(ref fastCalls); counted = true; }
    //     if (Volatile.Read(ref disposing) != 0) throw Disposed(call);
    //     ...the native call...
    //   } finally { if (counted) Interlocked.Decrement(ref fastCalls); }

    static Exception Disposed(string call) {
      return new MmfClosedException("MappedFile." + call + ": the map is disposed");
    }

    /// <summary>Exactly <paramref name="count"/> bytes at <paramref name="position"/> into dst, in one native call.</summary>
    void ReadExact(long position, void* dst, int count, string call) {
      bool counted = false;
      try {
        try {
        } finally {
          Interlocked.Increment(ref fastCalls);
          counted = true;
        }
        if (Volatile.Read(ref disposing) != 0) throw Disposed(call);
        // Without the internal call, or when it failed: the P/Invoke, which also
        // leaves the exception pending.
        int s = MonoCalls.Available ? MonoCalls.Read(raw, unchecked((ulong)position), dst, (ulong)count) : -1;
        if (s != 0) s = NativeFast.ReadExact(raw, unchecked((ulong)position), dst, (ulong)count);
        if (s != 0) throw NativeFast.Failure(s);
      } finally {
        if (counted) Interlocked.Decrement(ref fastCalls);
      }
    }

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="position"/> into dst; returns the count.</summary>
    int ReadSome(long position, byte* dst, int count, string call) {
      bool counted = false;
      try {
        try {
        } finally {
          Interlocked.Increment(ref fastCalls);
          counted = true;
        }
        if (Volatile.Read(ref disposing) != 0) throw Disposed(call);
        ulong got;
        int s = NativeFast.ReadAt(raw, unchecked((ulong)position), dst, (ulong)count, &got);
        if (s != 0) throw NativeFast.Failure(s);
        return (int)got;
      } finally {
        if (counted) Interlocked.Decrement(ref fastCalls);
      }
    }

    /// <summary><paramref name="count"/> bytes from src at <paramref name="position"/>, all or nothing.</summary>
    void WriteAll(long position, void* src, int count, string call) {
      bool counted = false;
      try {
        try {
        } finally {
          Interlocked.Increment(ref fastCalls);
          counted = true;
        }
        if (Volatile.Read(ref disposing) != 0) throw Disposed(call);
        int s = NativeFast.WriteAt(raw, unchecked((ulong)position), src, (ulong)count);
        if (s != 0) throw NativeFast.Failure(s);
      } finally {
        if (counted) Interlocked.Decrement(ref fastCalls);
      }
    }

    static short Swap(short v) {
      return unchecked((short)(((v & 0xFF) << 8) | ((v >> 8) & 0xFF)));
    }

    static int Swap(int v) {
      uint u = unchecked((uint)v);
      return unchecked((int)((u >> 24) | ((u >> 8) & 0xFF00) | ((u << 8) & 0xFF0000) | (u << 24)));
    }

    static long Swap(long v) {
      ulong u = unchecked((ulong)v);
      return unchecked((long)(((ulong)Swap((int)u) << 32) | (uint)Swap((int)(u >> 32))));
    }

    // ------------------------------------------------------------------ search

    /// <summary>
    /// Lowest index i of <paramref name="value"/> with start &lt;= i and i + value.Length
    /// &lt;= end, or -1 (Python: <c>find(sub, start, end)</c>). An omitted start
    /// (<see cref="DefaultPosition"/>) is the cursor, an omitted end the length;
    /// negative values count from the end; both are clamped to [0, Length].
    /// </summary>
    public long Find(byte[] value, long start = DefaultPosition, long end = DefaultPosition) {
      if (value == null) throw new ArgumentNullException("value");
      bool added = false;
      try {
        Enter(ref added, "Find");
        return map.find(value, 0, value.Length, start, end);
      } finally {
        Exit(added);
      }
    }

    /// <summary>
    /// Highest index found as <see cref="Find"/> would, or -1 (Python: <c>rfind</c>).
    /// As in CPython an omitted start is the cursor, not 0.
    /// </summary>
    public long RFind(byte[] value, long start = DefaultPosition, long end = DefaultPosition) {
      if (value == null) throw new ArgumentNullException("value");
      bool added = false;
      try {
        Enter(ref added, "RFind");
        return map.rfind(value, 0, value.Length, start, end);
      } finally {
        Exit(added);
      }
    }

    // ------------------------------------------------------------------ map-wide operations

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="source"/> to <paramref name="destination"/>; the ranges may overlap.</summary>
    public void Move(long destination, long source, long count) {
      bool added = false;
      try {
        Enter(ref added, "Move");
        map.move(unchecked((ulong)destination), unchecked((ulong)source), unchecked((ulong)count));
      } finally {
        Exit(added);
      }
    }

    /// <summary>Writes every change back to the file and waits for the disk (msync, and fsync after a resize).</summary>
    public void Flush() {
      Flush(0, 0, false);
    }

    /// <summary>
    /// Writes back the changes in [offset, offset + size); size 0 means "to the
    /// end". With <paramref name="async"/> the write-back is only scheduled
    /// (MS_ASYNC), which guarantees nothing about durability.
    /// </summary>
    public void Flush(long offset, long size, bool async = false) {
      bool added = false;
      try {
        Enter(ref added, "Flush");
        map.flush(unchecked((ulong)offset), unchecked((ulong)size), async ? 1u : 0u);
      } finally {
        Exit(added);
      }
    }

    /// <summary>
    /// Changes the length of the map and of the file (to offset + newLength); the
    /// cursor stays, even past the new end. The map may move in memory.
    /// </summary>
    /// <exception cref="InvalidOperationException">a <see cref="View"/> is held (<see cref="MmfBusyException"/>).</exception>
    /// <exception cref="NotSupportedException">a Read or Copy map (<see cref="MmfReadOnlyException"/>).</exception>
    /// <exception cref="IOException">the file cannot be resized: disk full, file too large (<see cref="MmfIOException"/>).</exception>
    public void Resize(long newLength) {
      bool added = false;
      try {
        Enter(ref added, "Resize");
        map.resize(unchecked((ulong)newLength));
      } finally {
        Exit(added);
      }
    }

    /// <summary>The map's length in bytes (Python: <c>len(m)</c>).</summary>
    public long Length {
      get {
        bool added = false;
        try {
          Enter(ref added, "Length");
          return (long)map.length();
        } finally {
          Exit(added);
        }
      }
    }

    /// <summary>The size of the whole file, which can exceed the mapped area (Python: <c>size()</c>); an anonymous map's length. Asks the OS (fstat) each time.</summary>
    public long Size {
      get {
        bool added = false;
        try {
          Enter(ref added, "Size");
          return (long)map.size();
        } finally {
          Exit(added);
        }
      }
    }

    /// <summary>Advises the OS how [start, start + length) will be used; length 0 means "to the end" (Python: <c>madvise</c>).</summary>
    public void Advise(MmfAdvice advice, long start = 0, long length = 0) {
      bool added = false;
      try {
        Enter(ref added, "Advise");
        map.madvise((int)advice, unchecked((ulong)start), unchecked((ulong)length));
      } finally {
        Exit(added);
      }
    }

    /// <summary>The access the map really has (<c>mmf_access_of</c>): Read, Write or Copy, never Default, which the library resolves at open.</summary>
    public MmfAccess Access {
      get { return access; }
    }

    /// <summary>Whether the map is closed or disposed. Never throws.</summary>
    public bool IsClosed {
      get {
        bool added = false;
        try {
          try {
            handle.DangerousAddRef(ref added);
          } catch (ObjectDisposedException) {
            return true;
          }
          return map.closed() != 0;
        } finally {
          Exit(added);
        }
      }
    }

    // ------------------------------------------------------------------ views and streams

    /// <summary>
    /// A zero-copy view of the whole map (Python: <c>memoryview(m)</c>). While it is
    /// held the map is pinned: <see cref="Dispose"/> and <see cref="Resize"/> throw
    /// <see cref="InvalidOperationException"/> (<see cref="MmfBusyException"/>). Views nest.
    /// </summary>
    public View CreateView() {
      bool added = false;
      bool ok = false;
      try {
        Enter(ref added, "CreateView");
        NativeBuffer b = map.buffer_acquire();
        View v = new View(this, b, access == MmfAccess.Read);
        ok = true;
        return v; // the View keeps the reference until it is disposed
      } finally {
        if (!ok) Exit(added);
      }
    }

    /// <summary>Called by View.Dispose (or its finalizer): releases the pin and the View's reference.</summary>
    internal void ReleaseView() {
      try {
        map.buffer_release();
      } finally {
        handle.DangerousRelease();
      }
    }

    /// <summary>
    /// mmf_buffer_release with no View behind it: a misuse the View API makes
    /// impossible, kept for the conformance runner, which checks its statuses.
    /// </summary>
    internal void BufferReleaseUnpaired() {
      bool added = false;
      try {
        Enter(ref added, "BufferRelease");
        map.buffer_release();
      } finally {
        Exit(added);
      }
    }

    /// <summary>
    /// A seekable <see cref="Stream"/> over the map with a position of its own
    /// (the map's cursor is not used or moved). Reads and writes copy through the
    /// library (fault-guarded); the stream cannot grow by writing past the end
    /// (<see cref="NotSupportedException"/>, like <see cref="UnmanagedMemoryStream"/>),
    /// but <see cref="Stream.SetLength"/> resizes the map. Disposing the stream
    /// does not dispose the map.
    /// </summary>
    public Stream AsStream() {
      bool added = false;
      try {
        Enter(ref added, "AsStream");
      } finally {
        Exit(added);
      }
      return new MappedFileStream(this);
    }

    // ------------------------------------------------------------------ closing

    /// <summary>
    /// Unmaps and closes the file (Python: <c>close()</c>); waits for calls in
    /// flight on other threads; idempotent. Unflushed changes of a shared map still
    /// reach the file eventually; only <see cref="Flush()"/> guarantees when.
    /// </summary>
    /// <exception cref="InvalidOperationException">a <see cref="View"/> is held (<see cref="MmfBusyException"/>); the map stays open.</exception>
    public void Dispose() {
      bool added = false;
      try {
        try {
          handle.DangerousAddRef(ref added);
        } catch (ObjectDisposedException) {
          return; // already disposed
        }
        map.close();
      } finally {
        Exit(added);
      }
      // The map is closed: fast calls still in flight get MMF_ERR_CLOSED from
      // the library and return; new ones see `disposing`. The handle may be
      // freed once none is counted.
      Interlocked.Exchange(ref disposing, 1);
      SpinWait spin = new SpinWait();
      while (Volatile.Read(ref fastCalls) != 0) spin.SpinOnce();
      handle.Dispose(); // drops the "open" reference: mmf_free once no call is in flight
    }

    /// <summary>Whether the native handle has been released (for tests).</summary>
    internal bool HandleReleased {
      get { return handle.Freed; }
    }

    long Remaining() {
      long len = (long)map.length();
      long pos = (long)map.tell();
      return pos < len ? len - pos : 0;
    }

    // ------------------------------------------------------------------ library facts

    /// <summary>The OS page size (Python: <c>mmap.PAGESIZE</c>).</summary>
    public static long PageSize {
      get {
        NativeGlue.Ensure();
        return (long)NativeMap.page_size();
      }
    }

    /// <summary>The OS granularity of map offsets (Python: <c>mmap.ALLOCATIONGRANULARITY</c>); mmf accepts any offset.</summary>
    public static long AllocationGranularity {
      get {
        NativeGlue.Ensure();
        return (long)NativeMap.allocation_granularity();
      }
    }

    /// <summary>The native library's version, "MAJOR.MINOR.PATCH".</summary>
    public static string NativeVersion {
      get {
        NativeGlue.Ensure();
        return NativeMap.version();
      }
    }

    /// <summary>The access mode and length, or "closed"; for debugging, never throws.</summary>
    public override string ToString() {
      try {
        return "MappedFile[access=" + access + ", length=" + Length + "]";
      } catch (ObjectDisposedException) {
        return "MappedFile[access=" + access + ", closed]";
      }
    }
  }
}
