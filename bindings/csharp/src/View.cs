using System;
using System.Collections.Generic;
using System.IO;

namespace Mmf {
  /// <summary>
  /// Zero-copy access to a whole map (Python: <c>memoryview(m)</c>): a pointer and
  /// length, <see cref="UnmanagedMemoryStream"/>s and, where the compiler and runtime
  /// have it (symbol <c>MMF_SPAN</c>), <c>Span&lt;byte&gt;</c>.
  /// </summary>
  /// <remarks>
  /// <para>While a View is held the map is pinned: <see cref="MappedFile.Dispose"/>
  /// and <see cref="MappedFile.Resize"/> throw <see cref="InvalidOperationException"/>,
  /// so the memory stays where it is. Views nest.</para>
  /// <para>Rules the runtime cannot enforce for memory it does not own:</para>
  /// <list type="bullet">
  /// <item>Do not use <see cref="Pointer"/>, <see cref="Address"/> or a span after
  /// <see cref="Dispose"/>, and keep the View alive (a <c>using</c> block) while you use
  /// them: a View that becomes unreachable is released by its finalizer. The streams
  /// from <see cref="AsStream"/> keep their View alive and are disposed with it.</item>
  /// <item>Accesses through the View bypass the library's lock and its fault guard: a
  /// file truncated by another process under a View makes an access fail the way
  /// the runtime fails on such memory (on Mono: the process aborts with SIGBUS). Use
  /// <see cref="MappedFile"/>'s own reads where that matters.</item>
  /// <item>A <see cref="MmfAccess.Read"/> map is read-only memory: its streams are
  /// read-only and writable spans are refused (<see cref="NotSupportedException"/>).</item>
  /// </list>
  /// </remarks>
  public sealed unsafe class View : IDisposable {
    /// <summary>A valid address for streams over an empty map (never read or written; never freed).</summary>
    static readonly byte* EmptyTarget = (byte*)System.Runtime.InteropServices.Marshal.AllocHGlobal(1);

    readonly MappedFile file;
    readonly IntPtr address;
    readonly long length;
    readonly bool readOnly;
    readonly object sync = new object();
    readonly List<ViewStream> streams = new List<ViewStream>();
    int disposed; // 0 or 1, under sync

    internal View(MappedFile file, NativeBuffer b, bool readOnly) {
      this.file = file;
      address = new IntPtr(unchecked((long)b.Address));
      length = (long)b.Length;
      this.readOnly = readOnly;
    }

    /// <summary>The map's length when the View was made.</summary>
    public long Length {
      get { return length; }
    }

    /// <summary>Whether the memory is read-only (a <see cref="MmfAccess.Read"/> map).</summary>
    public bool IsReadOnly {
      get { return readOnly; }
    }

    /// <summary>Whether this View has been disposed.</summary>
    public bool IsDisposed {
      get {
        lock (sync) return disposed != 0;
      }
    }

    /// <summary>The address of the map's first byte (valid until <see cref="Dispose"/>).</summary>
    public IntPtr Address {
      get {
        CheckOpen();
        return address;
      }
    }

    /// <summary>The map's first byte (valid until <see cref="Dispose"/>; do not write through it on a read-only View).</summary>
    public byte* Pointer {
      get {
        CheckOpen();
        return (byte*)address;
      }
    }

    /// <summary>
    /// A new <see cref="UnmanagedMemoryStream"/> over the whole map (its own
    /// position; read-only for a read-only View). It keeps the View alive and is
    /// disposed with it; it cannot grow past <see cref="Length"/>.
    /// </summary>
    public UnmanagedMemoryStream AsStream() {
      lock (sync) {
        if (disposed != 0) throw new ObjectDisposedException(typeof(View).FullName, "the View is disposed");
        // An empty map has no address; UnmanagedMemoryStream wants one even for 0 bytes.
        byte* p = length == 0 ? EmptyTarget : (byte*)address;
        ViewStream s = new ViewStream(this, p, length, readOnly ? FileAccess.Read : FileAccess.ReadWrite);
        streams.Add(s);
        return s;
      }
    }

#if MMF_SPAN
    /// <summary>The whole map as a span (valid until <see cref="Dispose"/>).</summary>
    /// <exception cref="NotSupportedException">a read-only View: use <see cref="ReadOnlySpan"/>.</exception>
    /// <exception cref="InvalidOperationException">the map is larger than a span can be (2 GiB): use <see cref="GetSpan"/>.</exception>
    public Span<byte> Span {
      get { return GetSpan(0, WholeSpanLength()); }
    }

    /// <summary>The whole map as a read-only span (valid until <see cref="Dispose"/>).</summary>
    /// <exception cref="InvalidOperationException">the map is larger than a span can be: use <see cref="GetReadOnlySpan"/>.</exception>
    public ReadOnlySpan<byte> ReadOnlySpan {
      get { return GetReadOnlySpan(0, WholeSpanLength()); }
    }

    /// <summary>Bytes [offset, offset + count) of the map as a span.</summary>
    public Span<byte> GetSpan(long offset, int count) {
      if (readOnly) throw new NotSupportedException("the View of a read-only map has no writable span; use GetReadOnlySpan");
      CheckRange(offset, count);
      return new Span<byte>((byte*)address + offset, count);
    }

    /// <summary>Bytes [offset, offset + count) of the map as a read-only span.</summary>
    public ReadOnlySpan<byte> GetReadOnlySpan(long offset, int count) {
      CheckRange(offset, count);
      return new ReadOnlySpan<byte>((byte*)address + offset, count);
    }

    int WholeSpanLength() {
      CheckOpen();
      if (length > int.MaxValue)
        throw new InvalidOperationException("a map of " + length + " bytes does not fit in one span; use GetSpan(offset, count)");
      return (int)length;
    }

    void CheckRange(long offset, int count) {
      CheckOpen();
      if (offset < 0 || offset > length) throw new ArgumentOutOfRangeException("offset", "offset outside [0, " + length + "]");
      if (count < 0 || count > length - offset)
        throw new ArgumentOutOfRangeException("count", "count leaves the map (" + length + " bytes)");
    }
#endif

    void CheckOpen() {
      if (IsDisposed) throw new ObjectDisposedException(typeof(View).FullName, "the View is disposed");
    }

    /// <summary>Releases the pin (once; later calls do nothing) and disposes the streams made by <see cref="AsStream"/>.</summary>
    public void Dispose() {
      Release();
      GC.SuppressFinalize(this);
    }

    /// <summary>An unreachable View that was never disposed releases its pin.</summary>
    ~View() {
      try {
        Release();
      } catch (Exception) {
        // nothing to report to on the finalizer thread
      }
    }

    void Release() {
      ViewStream[] toClose;
      lock (sync) {
        if (disposed != 0) return;
        disposed = 1;
        toClose = streams.ToArray();
        streams.Clear();
      }
      foreach (ViewStream s in toClose) s.Dispose();
      file.ReleaseView();
    }

    /// <summary>An UnmanagedMemoryStream that keeps its View reachable.</summary>
    sealed class ViewStream : UnmanagedMemoryStream {
      View owner;

      internal ViewStream(View owner, byte* p, long length, FileAccess access) : base(p, length, length, access) {
        this.owner = owner;
      }

      protected override void Dispose(bool disposing) {
        if (owner != null) owner = null;
        base.Dispose(disposing);
      }
    }
  }
}
