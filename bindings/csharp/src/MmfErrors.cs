using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Mmf {
  /// <summary>Status -> exception; the managed end of the C glue's error callback (csharp.i).</summary>
  internal static class MmfErrors {
    static readonly bool Windows = Path.DirectorySeparatorChar == '\\';

    /// <summary>
    /// Called from native code, inside the failing call, with the mmf_swig_error
    /// record. Builds the exception and makes it SWIG's pending exception, which
    /// the generated method throws once the P/Invoke returns. Must not throw.
    /// </summary>
    internal static void SetPending(int status, int osError, IntPtr message, int length) {
      try {
        string msg = "";
        if (message != IntPtr.Zero && length > 0) {
          byte[] b = new byte[length];
          Marshal.Copy(message, b, 0, length);
          msg = Encoding.UTF8.GetString(b); // malformed bytes become U+FFFD
        }
        NativePINVOKE.SWIGPendingException.Set(Create(status, osError, msg));
      } catch (Exception) {
        // Never let an exception cross into native code. (Set only throws if
        // an earlier pending exception was missed, which the generated code
        // makes impossible.)
      }
    }

    internal static Exception Create(int status, int osError, string msg) {
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
          return IOError(osError, msg);
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

    /// <summary>The .NET habit for OS errors: FileNotFound, UnauthorizedAccess, PathTooLong, else IOException.</summary>
    static Exception IOError(int osError, string msg) {
      if (Windows) {
        switch (osError) {
          case 2: // ERROR_FILE_NOT_FOUND
          case 3: // ERROR_PATH_NOT_FOUND
            return new MmfFileNotFoundException(msg, osError);
          case 5: // ERROR_ACCESS_DENIED
            return new MmfUnauthorizedAccessException(msg, osError);
          case 206: // ERROR_FILENAME_EXCED_RANGE
            return new MmfPathTooLongException(msg, osError);
        }
      } else {
        switch (osError) {
          case 2: // ENOENT
            return new MmfFileNotFoundException(msg, osError);
          case 1: // EPERM
          case 13: // EACCES
            return new MmfUnauthorizedAccessException(msg, osError);
          case 36: // ENAMETOOLONG (Linux; 63 on the BSDs and macOS)
            if (IsLinux()) return new MmfPathTooLongException(msg, osError);
            break;
          case 63:
            if (!IsLinux()) return new MmfPathTooLongException(msg, osError);
            break;
        }
      }
      return new MmfIOException(msg, osError);
    }

    static bool IsLinux() {
      return RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    }
  }
}
