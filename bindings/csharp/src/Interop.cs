using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("Mmf.Tests")]
[assembly: InternalsVisibleTo("mmf-conformance")]
[assembly: InternalsVisibleTo("mmf-bench")] // the floor (NativeFast.Noop) and the per-layer breakdown

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
  /// Finds the native glue of the NuGet package (README "NuGet package"), before
  /// the first call into it. Mono does not read a package's runtimes/ folder: when
  /// libmmfcs.so is not beside Mmf.dll, the package's copy (from lib/net45,
  /// ../../runtimes/linux-x64/native) or one in runtimes/linux-x64/native beside
  /// Mmf.dll is loaded here by its path. Mono's own lookup of "libmmfcs.so" (the
  /// dllmap) then gets that library, because the dynamic loader matches a bare
  /// name against the SONAME of the libraries already loaded. Anywhere else (the
  /// build tree, an installed binding, a copy beside Mmf.dll) nothing is loaded
  /// here and Mono's lookup is unchanged.
  /// </summary>
  internal static class NativeGlue {
    const string Glue = "libmmfcs.so";
    static readonly string[] PackageDirs = { "../../runtimes/linux-x64/native", "runtimes/linux-x64/native" };
    const int RTLD_NOW = 2;

    /// <summary>The glue loaded from a package folder, or null (not needed, or not found).</summary>
    internal static readonly string Preloaded = Preload();

    /// <summary>Runs the lookup once, then registers the error callback with the glue.</summary>
    internal static void Ensure() {
      GC.KeepAlive(Preloaded);
      NativePINVOKE.EnsureRegistered();
    }

    [DllImport("libdl.so.2", EntryPoint = "dlopen")]
    static extern IntPtr DlOpen(string file, int mode);

    static bool InPackageLib(string dir) {
      return System.IO.Path.GetFileName(dir) == "net45" &&
             System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(dir)) == "lib";
    }

    static string Preload() {
      try {
        string dir = System.IO.Path.GetDirectoryName(typeof(NativeGlue).Assembly.Location);
        if (string.IsNullOrEmpty(dir) || System.IO.File.Exists(System.IO.Path.Combine(dir, Glue))) return null;
        foreach (string sub in PackageDirs) {
          // Up out of Mmf.dll's directory only from the package's own lib/net45: a
          // program run from some bin/ two levels below a world-writable directory
          // (/tmp/x/bin) must not load a /tmp/runtimes/... planted by someone else.
          if (sub.StartsWith("..", StringComparison.Ordinal) && !InPackageLib(dir)) continue;
          string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.Combine(dir, sub), Glue));
          // A file that does not load (another architecture) leaves Mono's lookup to fail with its own message.
          if (System.IO.File.Exists(path) && DlOpen(path, RTLD_NOW) != IntPtr.Zero) return path;
        }
      } catch (DllNotFoundException) {
        // not glibc (macOS, Windows): there is no package glue for it either
      } catch (EntryPointNotFoundException) {
      }
      return null;
    }
  }

  /// <summary>
  /// Typed reads through a Mono raw internal call (README, "Typed reads through a
  /// Mono internal call"): on Mono the glue registers <c>ReadExact</c>'s body with
  /// the runtime, which then calls it with no GC transition, about 40 ns cheaper than
  /// the P/Invoke under Mono's default hybrid suspend. Elsewhere (.NET), when the
  /// registration fails, or with MMF_MONO_RAW_CALLS=0 in the environment,
  /// <see cref="Available"/> is false and the P/Invoke is used. A failure only
  /// returns its status (no callback into managed code from GC-unsafe mode); the
  /// caller repeats the read through the P/Invoke for the exception.
  /// </summary>
  internal static unsafe class MonoCalls {
    internal static readonly bool Available = Register();

    static bool Register() {
      if (Type.GetType("Mono.Runtime") == null) return false;
      if (Environment.GetEnvironmentVariable("MMF_MONO_RAW_CALLS") == "0") return false;
      try {
        return NativeFast.RegisterMonoCalls() == 1;
      } catch (EntryPointNotFoundException) {
        return false;  // an older glue
      }
    }

    /// <summary>Exactly len bytes at pos into dst; 0 or the failed status. Only
    /// called when <see cref="Available"/> (Mono resolves an internal call at its
    /// first call, so an unregistered one costs nothing until then).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    internal static extern int Read(IntPtr map, ulong pos, void* dst, ulong len);
  }

  /// <summary>
  /// The fast positional calls of the glue (csharp.i, "the fast positional calls"):
  /// blittable signatures only (pointers and integers), so Mono's P/Invoke wrapper
  /// marshals nothing and allocates nothing. Each returns the status; on failure the
  /// glue has already set SWIG's pending exception through the error callback.
  /// </summary>
  internal static unsafe class NativeFast {
    [DllImport("mmfcs", EntryPoint = "mmf_cs_noop", ExactSpelling = true)]
    internal static extern void Noop();

    [DllImport("mmfcs", EntryPoint = "mmf_cs_read_exact", ExactSpelling = true)]
    internal static extern int ReadExact(IntPtr map, ulong pos, void* dst, ulong len);

    [DllImport("mmfcs", EntryPoint = "mmf_cs_register_mono_calls", ExactSpelling = true)]
    internal static extern int RegisterMonoCalls();

    [DllImport("mmfcs", EntryPoint = "mmf_cs_read_at", ExactSpelling = true)]
    internal static extern int ReadAt(IntPtr map, ulong pos, void* dst, ulong len, ulong* got);

    [DllImport("mmfcs", EntryPoint = "mmf_cs_read", ExactSpelling = true)]
    internal static extern int Read(IntPtr map, void* dst, ulong len, ulong* got);

    [DllImport("mmfcs", EntryPoint = "mmf_cs_write", ExactSpelling = true)]
    internal static extern int Write(IntPtr map, void* src, ulong len);

    [DllImport("mmfcs", EntryPoint = "mmf_cs_write_at", ExactSpelling = true)]
    internal static extern int WriteAt(IntPtr map, ulong pos, void* src, ulong len);

    /// <summary>The exception for a failed status: the one the glue left pending.</summary>
    internal static Exception Failure(int status) {
      Exception e = NativePINVOKE.SWIGPendingException.Retrieve();
      return e ?? MmfErrors.Create(status, 0, 0, "status " + status);
    }
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
