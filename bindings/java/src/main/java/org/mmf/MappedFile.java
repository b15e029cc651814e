package org.mmf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory-mapped file, or anonymous shared memory, with the object model of Python's {@code
 * mmap}: a cursor ({@link #read}, {@link #write}, {@link #seek}, {@link #tell}), positional
 * access ({@link #get}, {@link #put}), {@link #find}/{@link #rfind}, {@link #move}, {@link
 * #flush}, {@link #resize} and an explicit {@link #close()} that unmaps at once.
 *
 * <pre>{@code
 * try (MappedFile mm = MappedFile.open(Path.of("hello.txt"))) {
 *   byte[] line = mm.readLine();          // "Hello Python!\n"
 *   mm.put(6, " world!\n".getBytes());    // mm[6:] = b" world!\n"
 * }
 * }</pre>
 *
 * <p><b>Sizes</b> are 64-bit {@code long}s. Positions, lengths and counts given to the C library
 * are unsigned there: a negative value is the huge unsigned value with the same bits and fails
 * with {@link MmfOutOfRangeException}. Java arrays are checked by Java first ({@link
 * NullPointerException}, {@link IndexOutOfBoundsException}).
 *
 * <p><b>Errors</b>: every failure of the C library is thrown by the same native call as an
 * exception that implements {@link MmfError} (the status and the library's message) and extends
 * the JDK type Java code already catches: {@link MmfOutOfRangeException} is an {@link
 * IndexOutOfBoundsException}, {@link MmfReadOnlyException} a {@link
 * java.nio.ReadOnlyBufferException}, {@link MmfClosedException} an {@link IllegalStateException}
 * ({@link MmfError} has the whole table). OS failures are checked {@link MmfOsError}s: {@link
 * MmfNoSuchFileException}, {@link MmfFileAlreadyExistsException}, {@link MmfAccessDeniedException}
 * (Java's {@code java.nio.file} types, chosen by the library's portable error kind) or {@link
 * MmfIOException}.
 *
 * <p><b>Threads</b>: every method may be called from any number of threads at once (the C
 * library locks per map). {@link #close()} unmaps and closes the file at once (it waits for
 * calls in flight); later calls throw {@link MmfClosedException}. The native handle's own small
 * record is freed by a {@link Cleaner} once the MappedFile is unreachable, so no thread is ever
 * inside a call on a freed handle; a map that is never closed is closed then too.
 */
public final class MappedFile implements AutoCloseable {
  /** "Argument omitted" for the start and end of {@link #find} and {@link #rfind}. */
  public static final long DEFAULT = Long.MIN_VALUE;

  /** The largest Java array the binding allocates for a result. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final Cleaner CLEANER = Cleaner.create();
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] EMPTY = new byte[0];
  /**
   * get/put of at most this many bytes copy through a C buffer instead of pinning the array
   * (NativeJNI.getSmall; the size is java.i's).
   */
  static final int SMALL_MAX = NativeJNI.smallMax();
  /** The most bytes NativeJNI.getPacked reads: a long holds 7 of them and the count. */
  static final int PACKED_GET_MAX = 7;
  /** The most bytes NativeJNI.putPacked writes: a long holds 8. */
  static final int PACKED_PUT_MAX = 8;

  /** The order that is not the machine's, for {@link #order()}. */
  private static final ByteOrder OTHER_ORDER = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
      ? ByteOrder.LITTLE_ENDIAN
      : ByteOrder.BIG_ENDIAN;

  private final Handle handle;
  private final Access access;
  /** The typed gets' direct reads (DirectReads), or null where the JNI call is the only way. */
  private final DirectReads direct;

  /**
   * Whether the typed calls swap bytes: their order is not the machine's. One volatile boolean,
   * so that {@link #order(ByteOrder)} is seen whole by other threads (a plain load on x86-64).
   */
  private volatile boolean swap = ByteOrder.nativeOrder() != ByteOrder.BIG_ENDIAN;

  /**
   * The native handle. It lives as long as the MappedFile object: every method keeps {@code
   * this} reachable until its native call has returned ({@link Reference#reachabilityFence}), and
   * only this Cleaner action frees the handle ({@code mmf_free}), once the MappedFile is
   * unreachable, so no thread can be inside a call on a freed handle, and a call needs no atomic
   * reference count of its own. {@link #close()} unmaps and closes the file at once; only the
   * handle's small record waits for the Cleaner. Must not refer to the MappedFile.
   */
  static final class Handle implements Runnable {
    final NativeMap map;
    /** The mmf_map pointer, for the hand-written JNI calls (NativeJNI.typedGet and typedPut). */
    final long ptr;
    private final AtomicBoolean freed = new AtomicBoolean();
    /**
     * Views acquired and not closed. Their direct buffers do not keep the MappedFile reachable,
     * and mmf_free would unmap under them, so a handle with views open is never freed (a leaked
     * View leaks its map, as an unclosed pin must).
     */
    final AtomicInteger openViews = new AtomicInteger();

    Handle(NativeMap map) {
      this.map = map;
      this.ptr = NativeMap.getCPtr(map);
    }

    boolean freed() {
      return freed.get();
    }

    @Override
    public void run() {
      if (openViews.get() == 0 && freed.compareAndSet(false, true)) {
        map.delete(); // mmf_free: the MappedFile is unreachable, so no call is in flight
      }
    }
  }

  private MappedFile(NativeMap map) {
    this.handle = new Handle(map);
    CLEANER.register(this, handle);
    // The library resolves the access (mmf_access_of), so the rule of
    // privateMap() with DEFAULT is not restated here.
    this.access = Access.fromCode(map.access_of());
    this.direct = DirectReads.of(handle.ptr);
  }

  // ------------------------------------------------------------------ opening

  /**
   * Maps the whole file read-write, shared (Python: {@code mmap.mmap(f.fileno(), 0)}).
   *
   * @param path the file
   * @return the open map
   * @throws IOException the file cannot be opened or mapped ({@link MmfNoSuchFileException},
   *     {@link MmfAccessDeniedException}, {@link MmfIOException})
   * @throws MmfInvalidArgumentException an empty file
   */
  public static MappedFile open(Path path) throws IOException {
    return open(path, Options.defaults());
  }

  /**
   * Opens the file at {@code path} and maps it.
   *
   * @param path the file
   * @param options access, offset, length and flags
   * @return the open map
   * @throws MmfIOException the file cannot be opened, created, extended or mapped
   * @throws MmfInvalidArgumentException an empty file with length 0, inconsistent options
   * @throws MmfOutOfRangeException offset or offset + length past the end of the file
   */
  public static MappedFile open(Path path, Options options) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    byte[] p = path.toString().getBytes(fileNameCharset());
    NativeMap m = NativeMap.open(p, options.access().code(), options.offset(), options.length(),
        options.flags() & 0xffffffffL);
    return new MappedFile(m);
  }

  /**
   * {@code length} bytes of zeroed memory backed by no file (Python: {@code mmap.mmap(-1, n)}).
   *
   * @param length the size in bytes
   * @return the open map
   * @throws IOException the OS refuses the memory ({@link MmfIOException})
   * @throws MmfNoMemoryException the address space is exhausted (a huge or negative length)
   */
  public static MappedFile anonymous(long length) throws IOException {
    return anonymous(length, Options.defaults());
  }

  /**
   * Anonymous memory with these options (offset and length of the options are ignored; with
   * DEFAULT or WRITE access the memory is shared with forked children). It can be resized.
   *
   * @param length the size in bytes
   * @param options the access and flags
   * @return the open map
   * @throws IOException the OS refuses the memory ({@link MmfIOException})
   * @throws MmfNoMemoryException the address space is exhausted (a huge or negative length)
   * @throws MmfInvalidArgumentException flags that make no sense without a file
   */
  public static MappedFile anonymous(long length, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    NativeMap m = NativeMap.open_anonymous(length, options.access().code(), options.offset(),
        options.flags() & 0xffffffffL);
    return new MappedFile(m);
  }

  /**
   * Creates or opens the named shared map {@code name} (Python's Windows {@code tagname}; {@code
   * mmf_open_named}): other processes, in any language, open the same bytes by the same name. Same
   * as {@link #named(String, long, Options)} with the defaults.
   *
   * @param name the name (mmf.h's rules)
   * @param length the size of a new map; 0 opens an existing one only
   * @return the open map
   * @throws IOException as {@link #named(String, long, Options)}
   */
  public static MappedFile named(String name, long length) throws IOException {
    return named(name, length, Options.defaults());
  }

  /**
   * Creates or opens the named shared map {@code name}: {@code length} 0 opens only; {@link
   * Options#exclusive()} creates only. The rules (names, sizes, access, owner, lifetime, sharing)
   * are those of {@code mmf_open_named} in {@code mmf.h}, written once there. The name is passed as
   * UTF-8.
   *
   * @param name the name (mmf.h's rules)
   * @param length the size of a new map; 0 opens an existing one only
   * @param options the access and flags
   * @return the open map
   * @throws MmfFileAlreadyExistsException the name exists (exclusive)
   * @throws MmfNoSuchFileException the name does not exist (length 0)
   * @throws MmfAccessDeniedException the name belongs to another user, or grants access to others
   * @throws MmfIOException the OS refuses otherwise
   * @throws MmfInvalidArgumentException a name that breaks the rules, exclusive with length 0, a
   *     flag not allowed with a name (create, noFollow, ownerOnly), a nonzero offset
   * @throws MmfOutOfRangeException {@code length} larger than the existing map (or negative)
   */
  public static MappedFile named(String name, long length, Options options) throws IOException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    NativeMap m = NativeMap.open_named(name.getBytes(StandardCharsets.UTF_8), length,
        options.access().code(), options.offset(), options.flags() & 0xffffffffL);
    return new MappedFile(m);
  }

  /**
   * Removes the name of a named shared map ({@code mmf_unlink_named}): maps of it stay valid, and
   * a later {@link #named} with the name creates a new map. A name that does not exist is not an
   * error, so cleanup code may call this unconditionally. Windows: a no-op (after checking the
   * name); the name goes away with the last map of it.
   *
   * @param name the name (mmf.h's rules)
   * @throws MmfInvalidArgumentException a name that breaks the rules
   * @throws MmfIOException the OS refuses (permission denied)
   */
  public static void unlinkNamed(String name) throws IOException {
    Objects.requireNonNull(name, "name");
    NativeMap.unlink_named(name.getBytes(StandardCharsets.UTF_8));
  }

  private static Charset fileNameCharset() {
    String enc = System.getProperty("sun.jnu.encoding");
    try {
      return enc == null ? Charset.defaultCharset() : Charset.forName(enc);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  // ------------------------------------------------------------------ cursor I/O

  /**
   * Reads from the cursor to the end of the map (Python: {@code read()}).
   *
   * @return the bytes; empty at or past the end
   * @throws MmfOutOfRangeException more than a Java array holds
   * @throws MmfClosedException the map is closed
   */
  public byte[] read() {
    return read(-1);
  }

  /**
   * Reads up to {@code n} bytes at the cursor and advances it (Python: {@code read(n)}); a
   * negative {@code n} reads to the end. Empty at or past the end.
   *
   * @param n the most bytes to read; negative: to the end
   * @return the bytes read
   * @throws MmfOutOfRangeException more than a Java array holds
   * @throws MmfClosedException the map is closed
   */
  public byte[] read(int n) {
    NativeMap m = handle.map;
    try {
      long avail = remaining(m);
      long want = n < 0 ? avail : Math.min(n, avail);
      if (want > MAX_ARRAY) {
        throw new MmfOutOfRangeException("read(" + n + "): " + want + " bytes do not fit in a Java array;"
            + " read in pieces with read(byte[], int, int)");
      }
      byte[] buf = want == 0 ? EMPTY : new byte[(int) want];
      long got = m.read(buf, 0, buf.length);
      return got == buf.length ? buf : Arrays.copyOf(buf, (int) got);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Reads up to {@code dst.length} bytes at the cursor and advances it by the count, as {@link
   * java.io.InputStream#read(byte[])}.
   *
   * @param dst where the bytes go
   * @return the count, or -1 at or past the end (0 only for an empty {@code dst})
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map
   */
  public int read(byte[] dst) {
    return read(dst, 0, dst.length);
  }

  /**
   * Reads up to {@code len} bytes at the cursor into {@code dst[off..]} and advances the cursor
   * by the count, as {@link java.io.InputStream#read(byte[], int, int)}.
   *
   * @param dst where the bytes go
   * @param off the first index of {@code dst} to fill
   * @param len the most bytes to read
   * @return the count, or -1 at or past the end when {@code len > 0} (0 for {@code len == 0})
   * @throws IndexOutOfBoundsException {@code off}/{@code len} outside {@code dst}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map
   */
  public int read(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    NativeMap m = handle.map;
    try {
      int got = (int) m.read(dst, off, len);
      // InputStream's convention: a read that wanted bytes and got none is the end.
      return got == 0 && len > 0 ? -1 : got;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Reads the byte at the cursor and advances by one.
   *
   * @return the byte, 0..255
   * @throws MmfOutOfRangeException at or past the end
   * @throws MmfClosedException the map is closed
   */
  public int readByte() {
    NativeMap m = handle.map;
    try {
      return m.read_byte();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Reads up to and including the next {@code '\n'}, or to the end (Python: {@code readline()}).
   *
   * @return the line, with its {@code '\n'}; empty at the end
   * @throws MmfClosedException the map is closed
   */
  public byte[] readLine() {
    return readLine(MAX_ARRAY);
  }

  /**
   * Like {@link #readLine()}, but returns at most {@code max} bytes: a longer line comes in
   * pieces, only the last of which ends with {@code '\n'}.
   *
   * @param max the most bytes to return
   * @return the line or its next piece; empty at the end
   * @throws IllegalArgumentException a negative {@code max}
   * @throws MmfClosedException the map is closed
   */
  public byte[] readLine(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("readLine(" + max + "): negative maximum");
    }
    NativeMap m = handle.map;
    try {
      // Size the array from the next newline, then read in one call (the cursor moves once).
      long pos = m.tell();
      long len = m.length();
      long nl = pos < len ? m.find(NEWLINE, 0, 1, DEFAULT, DEFAULT) : -1;
      long want = nl >= 0 ? nl - pos + 1 : Math.max(0, len - pos);
      want = Math.max(0, Math.min(want, max));
      byte[] buf = want == 0 ? EMPTY : new byte[(int) want];
      long got = m.readline(buf, 0, buf.length);
      return got == buf.length ? buf : Arrays.copyOf(buf, (int) got);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes all of {@code src} at the cursor (all or nothing) and advances it (Python: {@code
   * write}).
   *
   * @param src the bytes
   * @throws MmfOutOfRangeException the bytes do not fit between the cursor and the end
   * @throws MmfReadOnlyException on a READ map
   * @throws MmfClosedException the map is closed
   */
  public void write(byte[] src) {
    write(src, 0, src.length);
  }

  /**
   * Writes {@code src[off..off+len)} at the cursor, all or nothing, and advances it.
   *
   * @param src the bytes
   * @param off the first index of {@code src} to write
   * @param len how many bytes
   * @throws IndexOutOfBoundsException {@code off}/{@code len} outside {@code src}
   * @throws MmfOutOfRangeException the bytes do not fit between the cursor and the end
   * @throws MmfReadOnlyException on a READ map
   */
  public void write(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    NativeMap m = handle.map;
    try {
      m.write(src, off, len);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes one byte (0..255) at the cursor and advances by one.
   *
   * @param b the byte, 0..255
   * @throws MmfInvalidArgumentException b is not in 0..255
   * @throws MmfOutOfRangeException at or past the end
   */
  public void writeByte(int b) {
    NativeMap m = handle.map;
    try {
      m.write_byte(b);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Moves the cursor to {@code pos}.
   *
   * @param pos the new position, in [0, length]
   * @return the new position
   * @throws MmfOutOfRangeException {@code pos} outside [0, length] (the cursor stays)
   * @throws MmfClosedException the map is closed
   */
  public long seek(long pos) {
    return seek(pos, Whence.SET);
  }

  /**
   * Moves the cursor (Python: {@code seek(off, whence)}); returns the new position, which must lie
   * in [0, length] (otherwise {@link MmfOutOfRangeException} and the cursor stays).
   *
   * @param off the offset from {@code whence}
   * @param whence SET, CUR or END
   * @return the new position
   * @throws MmfOutOfRangeException the target is outside [0, length] or overflows
   * @throws MmfClosedException the map is closed
   */
  public long seek(long off, Whence whence) {
    return seek(off, whence.code());
  }

  /**
   * Like {@link #seek(long, Whence)} with the C value of whence.
   *
   * @param off the offset from {@code whence}
   * @param whence {@code MMF_SEEK_SET}, {@code _CUR} or {@code _END} (0, 1, 2)
   * @return the new position
   * @throws MmfInvalidArgumentException another {@code whence}
   * @throws MmfOutOfRangeException the target is outside [0, length] or overflows
   * @throws MmfClosedException the map is closed
   */
  public long seek(long off, int whence) {
    NativeMap m = handle.map;
    try {
      return m.seek(off, whence);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * {@return the cursor; after a shrink it may lie past the end, as in CPython}
   *
   * @throws MmfClosedException the map is closed
   */
  public long tell() {
    NativeMap m = handle.map;
    try {
      return m.tell();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  // ------------------------------------------------------------------ positional I/O

  /**
   * Up to {@code n} bytes from {@code pos} (Python: {@code m[pos:pos+n]}), fewer only at the end;
   * the cursor does not move.
   *
   * @param pos the first byte
   * @param n the most bytes
   * @return the bytes, fewer than {@code n} only at the end
   * @throws IllegalArgumentException a negative {@code n}
   * @throws MmfOutOfRangeException pos is past the end
   * @throws MmfClosedException the map is closed
   */
  public byte[] get(long pos, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("get(" + pos + ", " + n + "): negative count");
    }
    NativeMap m = handle.map;
    try {
      long len = m.length();
      long want = pos >= 0 && pos < len ? Math.min(n, len - pos) : 0;
      byte[] buf = want == 0 ? EMPTY : new byte[(int) want];
      long got = readAt(m, pos, buf, 0, buf.length);
      return got == buf.length ? buf : Arrays.copyOf(buf, (int) got);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Fills as much of {@code dst} as the map has from {@code pos}; the cursor does not move.
   *
   * @param pos the first byte
   * @param dst where the bytes go
   * @return the count, smaller than {@code dst.length} only at the end
   * @throws MmfOutOfRangeException pos is past the end
   * @throws MmfClosedException the map is closed
   */
  public int get(long pos, byte[] dst) {
    return get(pos, dst, 0, dst.length);
  }

  /**
   * Copies up to {@code len} bytes from {@code pos} into {@code dst[off..]} in one call; returns
   * the count, smaller than {@code len} only at the end of the map. The cursor does not move.
   *
   * @param pos the first byte
   * @param dst where the bytes go
   * @param off the first index of {@code dst} to fill
   * @param len the most bytes
   * @return the count
   * @throws IndexOutOfBoundsException {@code off}/{@code len} outside {@code dst}
   * @throws MmfOutOfRangeException pos is past the end
   * @throws MmfClosedException the map is closed
   */
  public int get(long pos, byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    NativeMap m = handle.map;
    try {
      return readAt(m, pos, dst, off, len);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * mmf_read_at into a checked slice, by the cheapest way for its size: packed in a long up to 7
   * bytes, through a C buffer up to SMALL_MAX, else into the pinned array. The caller keeps this
   * reachable.
   */
  private int readAt(NativeMap m, long pos, byte[] dst, int off, int len) {
    if (len <= PACKED_GET_MAX) {
      long r = NativeJNI.getPacked(handle.ptr, pos, len);
      int n = (int) (r >>> 56);
      for (int i = 0; i < n; i++) {
        dst[off + i] = (byte) (r >>> (8 * i));
      }
      return n;
    }
    if (len <= SMALL_MAX) {
      return (int) NativeJNI.getSmall(handle.ptr, pos, dst, off, len);
    }
    return (int) m.read_at(pos, dst, off, len);
  }

  /** mmf_write_at of a checked slice, the cheapest way for its size (as {@link #readAt}). */
  private void writeAt(NativeMap m, long pos, byte[] src, int off, int len) {
    if (len <= PACKED_PUT_MAX) {
      long bits = 0;
      for (int i = 0; i < len; i++) {
        bits |= (src[off + i] & 0xffL) << (8 * i);
      }
      NativeJNI.putPacked(handle.ptr, pos, bits, len);
    } else if (len <= SMALL_MAX) {
      NativeJNI.putSmall(handle.ptr, pos, src, off, len);
    } else {
      m.write_at(pos, src, off, len);
    }
  }

  /**
   * Writes all of {@code src} at {@code pos} (Python: {@code m[pos:pos+n] = src}), all or nothing;
   * the cursor does not move.
   *
   * @param pos the first byte
   * @param src the bytes
   * @throws MmfOutOfRangeException pos + src.length exceeds the length
   * @throws MmfReadOnlyException on a READ map
   * @throws MmfClosedException the map is closed
   */
  public void put(long pos, byte[] src) {
    put(pos, src, 0, src.length);
  }

  /**
   * Writes {@code src[off..off+len)} at {@code pos}, all or nothing; the cursor does not move.
   *
   * @param pos the first byte
   * @param src the bytes
   * @param off the first index of {@code src} to write
   * @param len how many bytes
   * @throws IndexOutOfBoundsException {@code off}/{@code len} outside {@code src}
   * @throws MmfOutOfRangeException pos + len exceeds the length
   * @throws MmfReadOnlyException on a READ map
   * @throws MmfClosedException the map is closed
   */
  public void put(long pos, byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    NativeMap m = handle.map;
    try {
      writeAt(m, pos, src, off, len);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  // ------------------------------------------------------------------ typed positional access

  /** For tests: the direct reads of the typed gets, or null. */
  DirectReads directReads() {
    return direct;
  }

  /** For tests: the mmf_map pointer. */
  long nativePointer() {
    return handle.ptr;
  }

  /** The width bytes at pos in the machine's order: a direct read, or the JNI call. */
  private long typedGet(long pos, int width) {
    DirectReads d = direct;
    return d != null ? d.get(pos, width) : NativeJNI.typedGet(handle.ptr, pos, width);
  }

  /**
   * The byte order of the typed calls ({@link #getLong} and the rest): {@link
   * ByteOrder#BIG_ENDIAN} until {@link #order(ByteOrder)} changes it, as for a {@link ByteBuffer}.
   *
   * @return the byte order of the typed calls
   */
  public ByteOrder order() {
    return swap ? OTHER_ORDER : ByteOrder.nativeOrder();
  }

  /**
   * Sets the byte order of the typed calls, for every thread that uses this map (as {@link
   * ByteBuffer#order(ByteOrder)}, but safe to publish across threads); returns this map.
   *
   * @param order the new byte order
   * @return this map
   * @throws NullPointerException order is null
   */
  public MappedFile order(ByteOrder order) {
    Objects.requireNonNull(order, "order");
    swap = order != ByteOrder.nativeOrder();
    return this;
  }

  /**
   * The byte at {@code pos} ({@link ByteBuffer#get(int)}); the cursor does not move. One native
   * call ({@code mmf_read_at}), as are all the typed reads.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the byte
   * @throws MmfOutOfRangeException {@code pos} is negative or not below {@link #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public byte getByte(long pos) {
    try {
      return (byte) typedGet(pos, 1);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The {@code short} in bytes [pos, pos + 2) in the map's {@link #order()}; the cursor does not
   * move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the value
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 2} exceeds {@link
   *     #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public short getShort(long pos) {
    try {
      short v = (short) typedGet(pos, 2);
      return swap ? Short.reverseBytes(v) : v;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The {@code int} in bytes [pos, pos + 4) in the map's {@link #order()}; the cursor does not
   * move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the value
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 4} exceeds {@link
   *     #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public int getInt(long pos) {
    try {
      int v = (int) typedGet(pos, 4);
      return swap ? Integer.reverseBytes(v) : v;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The {@code long} in bytes [pos, pos + 8) in the map's {@link #order()} ({@link
   * ByteBuffer#getLong(int)} at a 64-bit position); the cursor does not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the value
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 8} exceeds {@link
   *     #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public long getLong(long pos) {
    try {
      long v = typedGet(pos, 8);
      return swap ? Long.reverseBytes(v) : v;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The {@code float} whose IEEE 754 bits are {@link #getInt(long) getInt(pos)}; the cursor does
   * not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the value
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 4} exceeds {@link
   *     #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public float getFloat(long pos) {
    return Float.intBitsToFloat(getInt(pos));
  }

  /**
   * The {@code double} whose IEEE 754 bits are {@link #getLong(long) getLong(pos)}; the cursor
   * does not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @return the value
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 8} exceeds {@link
   *     #length()}
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public double getDouble(long pos) {
    return Double.longBitsToDouble(getLong(pos));
  }

  /**
   * Writes {@code v} at {@code pos} ({@link ByteBuffer#put(int, byte)}); the cursor does not
   * move. One native call ({@code mmf_write_at}), as are all the typed writes; a write that does
   * not fit writes nothing.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or not below {@link #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putByte(long pos, byte v) {
    try {
      NativeJNI.typedPut(handle.ptr, pos, v, 1);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes {@code v} in bytes [pos, pos + 2) in the map's {@link #order()}, all or nothing; the
   * cursor does not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 2} exceeds {@link
   *     #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putShort(long pos, short v) {
    try {
      NativeJNI.typedPut(handle.ptr, pos, swap ? Short.reverseBytes(v) : v, 2);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes {@code v} in bytes [pos, pos + 4) in the map's {@link #order()}, all or nothing; the
   * cursor does not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 4} exceeds {@link
   *     #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putInt(long pos, int v) {
    try {
      NativeJNI.typedPut(handle.ptr, pos, swap ? Integer.reverseBytes(v) : v, 4);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes {@code v} in bytes [pos, pos + 8) in the map's {@link #order()}, all or nothing; the
   * cursor does not move.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 8} exceeds {@link
   *     #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putLong(long pos, long v) {
    try {
      NativeJNI.typedPut(handle.ptr, pos, swap ? Long.reverseBytes(v) : v, 8);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes the IEEE 754 bits of {@code v} ({@link Float#floatToRawIntBits}: a NaN keeps its
   * payload, as in {@link ByteBuffer#putFloat}) with {@link #putInt(long, int)}.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 4} exceeds {@link
   *     #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putFloat(long pos, float v) {
    putInt(pos, Float.floatToRawIntBits(v));
  }

  /**
   * Writes the IEEE 754 bits of {@code v} ({@link Double#doubleToRawLongBits}) with {@link
   * #putLong(long, long)}.
   *
   * @param pos the position of the first byte, from the start of the map
   * @param v the value to write
   * @throws MmfOutOfRangeException {@code pos} is negative or {@code pos + 8} exceeds {@link
   *     #length()}
   * @throws MmfReadOnlyException the map is READ
   * @throws MmfClosedException the map is closed
   * @throws MmfFaultException the file was truncated under the map (its pages are gone)
   */
  public void putDouble(long pos, double v) {
    putLong(pos, Double.doubleToRawLongBits(v));
  }

  // ------------------------------------------------------------------ search

  /**
   * Lowest index of {@code sub} from the cursor to the end (Python: {@code find(sub)}).
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long find(byte[] sub) {
    return find(sub, DEFAULT, DEFAULT);
  }

  /**
   * Lowest index of {@code sub} in [start, end of map).
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @param start where to start; negative counts from the end, {@link #DEFAULT} is the cursor
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long find(byte[] sub, long start) {
    return find(sub, start, DEFAULT);
  }

  /**
   * Lowest index i of {@code sub} with start &lt;= i and i + sub.length &lt;= end, or -1 (Python:
   * {@code find(sub, start, end)}). {@link #DEFAULT} start is the cursor, {@link #DEFAULT} end the
   * length; negative values count from the end; both are clamped to [0, length].
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @param start where to start
   * @param end where to stop
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long find(byte[] sub, long start, long end) {
    Objects.requireNonNull(sub, "sub");
    NativeMap m = handle.map;
    try {
      return m.find(sub, 0, sub.length, start, end);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Highest index of {@code sub} from the cursor to the end (start defaults to the cursor, as in
   * CPython).
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long rfind(byte[] sub) {
    return rfind(sub, DEFAULT, DEFAULT);
  }

  /**
   * Highest index of {@code sub} in [start, end of map).
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @param start where the range starts; negative counts from the end, {@link #DEFAULT} is the
   *     cursor
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long rfind(byte[] sub, long start) {
    return rfind(sub, start, DEFAULT);
  }

  /**
   * Highest index of {@code sub} in the range that {@link #find(byte[], long, long)} searches.
   *
   * @param sub the bytes to look for (empty: found at the start of the range)
   * @param start where the range starts
   * @param end where it ends
   * @return the index, or -1
   * @throws MmfClosedException the map is closed
   */
  public long rfind(byte[] sub, long start, long end) {
    Objects.requireNonNull(sub, "sub");
    NativeMap m = handle.map;
    try {
      return m.rfind(sub, 0, sub.length, start, end);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  // ------------------------------------------------------------------ map-wide operations

  /**
   * Copies {@code count} bytes from {@code src} to {@code dest}; the ranges may overlap.
   *
   * @param dest where the bytes go
   * @param src where they come from
   * @param count how many
   * @throws MmfOutOfRangeException either range outside the map, or overflowing
   * @throws MmfReadOnlyException on a READ map
   * @throws MmfClosedException the map is closed
   */
  public void move(long dest, long src, long count) {
    NativeMap m = handle.map;
    try {
      m.move(dest, src, count);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Writes every change back to the file and waits for the disk (msync, fsync after a resize).
   * Nothing to do on READ, COPY and anonymous maps.
   *
   * @throws MmfIOException the OS reports a write-back error
   * @throws MmfClosedException the map is closed
   */
  public void flush() throws IOException {
    flush(0, 0, false);
  }

  /**
   * Writes back the changes in [offset, offset + size) and waits for the disk.
   *
   * @param offset the first byte (widened to its page)
   * @param size how many bytes; 0 means "to the end"
   * @throws MmfOutOfRangeException the range is outside the map
   * @throws MmfIOException the OS reports a write-back error
   * @throws MmfClosedException the map is closed
   */
  public void flush(long offset, long size) throws IOException {
    flush(offset, size, false);
  }

  /**
   * Like {@link #flush(long, long)}; with {@code async} the write-back is only scheduled
   * (MS_ASYNC) and nothing is guaranteed about durability.
   *
   * @param offset the first byte (widened to its page)
   * @param size how many bytes; 0 means "to the end"
   * @param async only schedule the write-back
   * @throws MmfOutOfRangeException the range is outside the map
   * @throws MmfIOException the OS reports a write-back error
   * @throws MmfClosedException the map is closed
   */
  public void flush(long offset, long size, boolean async) throws IOException {
    NativeMap m = handle.map;
    try {
      m.flush(offset, size, async ? 1 : 0);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Changes the length of the map and of the file (to offset + newLength); the cursor stays. The
   * map may move in memory: close every {@link View} first.
   *
   * @param newLength the new length in bytes
   * @throws MmfBusyException a View is open
   * @throws MmfReadOnlyException a READ or COPY map
   * @throws MmfIOException the file cannot be resized (disk full, ...)
   */
  public void resize(long newLength) throws IOException {
    NativeMap m = handle.map;
    try {
      m.resize(newLength);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * {@return the map's length in bytes (Python: {@code len(m)})}
   *
   * @throws MmfClosedException the map is closed
   */
  public long length() {
    NativeMap m = handle.map;
    try {
      return m.length();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * {@return the size of the whole file, which can exceed the mapped area (anonymous maps: the
   * length)}
   *
   * @throws MmfIOException the OS cannot tell (fstat)
   * @throws MmfClosedException the map is closed
   */
  public long size() throws IOException {
    NativeMap m = handle.map;
    try {
      return m.size();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Advises the OS about the whole map.
   *
   * @param advice how the map will be used
   * @throws MmfUnsupportedException the advice is not available here (Windows: most of them)
   * @throws MmfIOException the OS refuses
   * @throws MmfClosedException the map is closed
   */
  public void advise(Advice advice) throws IOException {
    advise(advice, 0, 0);
  }

  /**
   * Advises the OS how [start, start + len) will be used.
   *
   * @param advice how the range will be used
   * @param start the first byte (widened to its page)
   * @param len how many bytes (clamped to the map); 0 means "to the end"
   * @throws MmfOutOfRangeException {@code start} at or past the end
   * @throws MmfUnsupportedException the advice is not available here (Windows: most of them)
   * @throws MmfIOException the OS refuses
   * @throws MmfClosedException the map is closed
   */
  public void advise(Advice advice, long start, long len) throws IOException {
    madvise(advice.code(), start, len);
  }

  /**
   * {@link #advise(Advice, long, long)} with the C value of the advice.
   *
   * @param advice an {@code MMF_ADVICE_*} value
   * @param start the first byte (widened to its page)
   * @param len how many bytes (clamped to the map); 0 means "to the end"
   * @throws MmfInvalidArgumentException an unknown advice
   * @throws MmfOutOfRangeException {@code start} at or past the end
   * @throws MmfUnsupportedException the advice is not available here (Windows: most of them)
   * @throws MmfIOException the OS refuses
   * @throws MmfClosedException the map is closed
   */
  public void madvise(int advice, long start, long len) throws IOException {
    NativeMap m = handle.map;
    try {
      m.madvise(advice, start, len);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  // ------------------------------------------------------------------ java.io and java.nio adapters

  /**
   * An {@link InputStream} over the map from its start; see {@link #inputStream(long)}.
   *
   * @return a new stream at position 0
   */
  public InputStream inputStream() {
    return inputStream(0);
  }

  /**
   * An {@link InputStream} over the map from {@code position}, with a position of its own: it
   * reads through the positional calls, so the map's cursor neither moves nor matters. {@code
   * read} returns -1 at the end of the map (as it is at that moment: a map shrunk meanwhile ends
   * sooner); {@code skip} stops at the end; {@code mark}/{@code reset} are supported. Closing the
   * stream does not close the map; once the map is closed the stream throws {@link IOException}.
   * Its methods are synchronized, as {@code BufferedInputStream}'s.
   *
   * @param position where the stream starts; past the end is allowed (the stream is empty)
   * @return a new stream
   * @throws IllegalArgumentException a negative position
   */
  public InputStream inputStream(long position) {
    return new MappedInputStream(this, checkStreamPosition(position));
  }

  /**
   * An {@link OutputStream} over the map from its start; see {@link #outputStream(long)}.
   *
   * @return a new stream at position 0
   */
  public OutputStream outputStream() {
    return outputStream(0);
  }

  /**
   * An {@link OutputStream} over the map from {@code position}, with a position of its own (the
   * map's cursor neither moves nor matters). Each write is all or nothing and the map does not
   * grow: a write that does not fit throws {@link MmfOutOfRangeException} and writes nothing; on a
   * READ map {@link MmfReadOnlyException}. {@code flush()} only checks that the stream is open, as
   * {@code FileOutputStream}'s: the bytes are in the shared map at once, and {@link #flush()}
   * makes them durable. Closing the stream does not close the map; once the map is closed the
   * stream throws {@link IOException}.
   *
   * @param position where the stream starts writing
   * @return a new stream
   * @throws IllegalArgumentException a negative position
   */
  public OutputStream outputStream(long position) {
    return new MappedOutputStream(this, checkStreamPosition(position));
  }

  /**
   * A {@link SeekableByteChannel} over the map, at position 0, with a position of its own (the
   * map's cursor neither moves nor matters). {@code read} returns -1 at the end; {@code size()} is
   * {@link #length()}; {@code truncate} shrinks the map with {@link #resize}. Unlike a {@code
   * FileChannel} it does not grow the map: a write that does not fit throws {@link
   * MmfOutOfRangeException} and writes nothing (grow it with {@link #resize}). A READ map's
   * channel throws {@link java.nio.channels.NonWritableChannelException} on {@code write} and
   * {@code truncate}. Closing the channel does not close the map; once the map is closed the
   * channel is closed too ({@link java.nio.channels.ClosedChannelException}). Its methods are
   * synchronized, so it can be shared between threads as a file channel can.
   *
   * @return a new channel
   */
  public SeekableByteChannel channel() {
    return new MappedChannel(this);
  }

  private static long checkStreamPosition(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("stream position " + position + ": negative");
    }
    return position;
  }

  /**
   * A zero-copy view of the whole map as direct ByteBuffers. While it is open the map is pinned:
   * {@link #close()} and {@link #resize} throw {@link MmfBusyException}. Views nest.
   *
   * @return the open View; close it (try-with-resources) to unpin the map
   * @throws MmfClosedException the map is closed
   */
  public View view() {
    NativeMap m = handle.map;
    try {
      ByteBuffer[] bufs = m.buffer_acquire_java(View.chunkFor(m.length()));
      handle.openViews.incrementAndGet();
      return new View(this, bufs, access == Access.READ);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Called by View.close(): releases the pin. */
  void releaseView() {
    try {
      handle.map.buffer_release();
      handle.openViews.decrementAndGet();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * mmf_buffer_release with no View behind it: a misuse the View API makes impossible, kept for
   * the conformance runner, which checks the C statuses for it (INVALID_ARGUMENT, CLOSED).
   */
  void bufferReleaseUnpaired() {
    NativeMap m = handle.map;
    try {
      m.buffer_release();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * {@return the access the map really has ({@code mmf_access_of}): READ, WRITE or COPY, never
   * DEFAULT, which the library resolves at open}
   */
  public Access access() {
    return access;
  }

  /** {@return whether the map is closed} Never throws. */
  public boolean isClosed() {
    try {
      return handle.map.closed() != 0;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Unmaps and closes the file (Python: {@code close()}); waits for calls in flight on other
   * threads. Idempotent. Unflushed changes of a shared map still reach the file eventually; only
   * {@link #flush()} guarantees when.
   *
   * @throws MmfBusyException a {@link View} is open (the map stays open)
   */
  @Override
  public void close() {
    try {
      handle.map.close();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** The SWIG layer, for tests of its own checks; pair with exitRawForTest (keeps this reachable). */
  NativeMap rawForTest() {
    return handle.map;
  }

  void exitRawForTest() {
    Reference.reachabilityFence(this);
  }

  /** Whether the Cleaner has freed the native handle (for tests). */
  boolean handleReleased() {
    return handle.freed();
  }

  /** {@link #handleReleased()} without a reference to this MappedFile (for tests of the Cleaner). */
  java.util.function.BooleanSupplier handleReleasedProbe() {
    Handle h = handle;
    return h::freed;
  }

  // ------------------------------------------------------------------ library facts

  /** {@return the OS page size (Python: {@code mmap.PAGESIZE})} */
  public static long pageSize() {
    return NativeMap.page_size();
  }

  /** {@return the OS granularity of map offsets (Python: {@code mmap.ALLOCATIONGRANULARITY})} */
  public static long allocationGranularity() {
    return NativeMap.allocation_granularity();
  }

  /** {@return the native library's version, "MAJOR.MINOR.PATCH"} */
  public static String nativeVersion() {
    return NativeMap.version();
  }

  private static long remaining(NativeMap m) {
    long len = m.length();
    long pos = m.tell();
    return pos < len ? len - pos : 0;
  }

  @Override
  public String toString() {
    return "MappedFile[access=" + access + (isClosed() ? ", closed]" : ", length=" + length() + "]");
  }
}
