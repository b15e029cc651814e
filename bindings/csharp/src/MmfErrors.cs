using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Mmf {
  /// <summary>Status -> exception; the managed end of the C glue's error callback (csharp.i).</summary>
  internal static class MmfErrors {

    /// <summary>
    /// Called from native code, inside the failing call, with the mmf_swig_error
    /// record. Builds the exception and makes it SWIG's pending exception, which
    /// the generated method throws once the P/Invoke returns. Must not throw.
    /// </summary>
    internal static void SetPending(int status, int osError, int kind, IntPtr message, int length) {
      try {
        string msg = "";
        if (message != IntPtr.Zero && length > 0) {
          byte[] b = new byte[length];
          Marshal.Copy(message, b, 0, length);
          msg = Encoding.UTF8.GetString(b); // malformed bytes become U+FFFD
        }
        NativePINVOKE.SWIGPendingException.Set(Create(status, osError, kind, msg));
      } catch (Exception) {
        // Never let an exception cross into native code. (Set only throws if
        // an earlier pending exception was missed, which the generated code
        // makes impossible.)
      }
    }

    internal static Exception Create(int status, int osError, int kind, string msg) {
      switch ((MmfStatus)status) {
        case MmfStatus.InvalidArgument:
          return new MmfArgumentException(msg);
        case MmfStatus.Closed:
          return new MmfClosedException(msg);
        case MmfStatus.ReadOnly:
          return new MmfReadOnlyException(msg);
        case MmfStatus.OutOfRange:
          return new MmfOutOfRangeException(msg);
        case MmfStatus.Busy:
          return new MmfBusyException(msg);
        case MmfStatus.IO:
          return IOError(osError, kind, msg);
        case MmfStatus.NoMemory:
          return new MmfOutOfMemoryException(msg);
        case MmfStatus.Unsupported:
          return new MmfUnsupportedException(msg);
        case MmfStatus.Fault:
          return new MmfFaultException(msg);
        default:
          return new MmfException((MmfStatus)status, "status " + status + ": " + msg, osError);
      }
    }

    /// <summary>
    /// The .NET habit for OS errors: FileNotFound, UnauthorizedAccess, PathTooLong, else
    /// IOException, chosen by the library's portable kind (<c>mmf_last_error_kind</c>, the
    /// MMF_KIND_* values of mmf.h), so no errno or Windows error table is kept here.
    /// </summary>
    static Exception IOError(int osError, int kind, string msg) {
      switch (kind) {
        case 2: // MMF_KIND_NOT_FOUND
          return new MmfFileNotFoundException(msg, osError);
        case 4: // MMF_KIND_PERMISSION
          return new MmfUnauthorizedAccessException(msg, osError);
        case 8: // MMF_KIND_NAME_TOO_LONG
          return new MmfPathTooLongException(msg, osError);
        default:
          return new MmfIOException(msg, osError);
      }
    }
  }
}
