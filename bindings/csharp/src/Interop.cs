using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("Mmf.Tests")]
[assembly: InternalsVisibleTo("mmf-conformance")]

namespace Mmf {
  /// <summary>A pinned byte array as the C glue sees it (mmf_swig_cs_bytes in csharp.i).</summary>
  [StructLayout(LayoutKind.Sequential)]
  internal struct NativeBytes {
    internal IntPtr Pointer;
    internal ulong Length;

    internal NativeBytes(IntPtr pointer, byte[] array) {
      Pointer = pointer;
      Length = array == null ? 0UL : (ulong)array.Length;
    }
  }

  /// <summary>mmf_swig_buffer: the address and length of an acquired buffer.</summary>
  [StructLayout(LayoutKind.Sequential)]
  internal struct NativeBuffer {
    internal ulong Address;
    internal ulong Length;
  }

  /// <summary>
  /// The native handle (mmf_map*). Reference counted by SafeHandle: one reference
  /// for "open" (dropped by MappedFile.Dispose or the finalizer), one per call in
  /// flight (DangerousAddRef/DangerousRelease around every native call), one per
  /// open View. mmf_free runs when the count reaches zero, so no thread is ever
  /// inside a call on a freed handle.
  /// </summary>
  internal sealed class MapHandle : SafeHandle {
    internal MapHandle(IntPtr map) : base(IntPtr.Zero, true) {
      SetHandle(map);
    }

    public override bool IsInvalid {
      get { return handle == IntPtr.Zero; }
    }

    /// <summary>Set once mmf_free has run (for tests).</summary>
    internal volatile bool Freed;

    protected override bool ReleaseHandle() {
      NativePINVOKE.delete_NativeMap(new HandleRef(this, handle)); // mmf_free
      Freed = true;
      return true;
    }
  }
}
