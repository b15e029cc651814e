using System;
using System.IO;

namespace Mmf {
  /// <summary>
  /// Implemented by every exception that carries a status of the C library. The
  /// exceptions themselves derive from the .NET type a .NET programmer expects
  /// (see the table in bindings/csharp/README.md), so <c>catch (IOException)</c>
  /// or <c>catch (ObjectDisposedException)</c> work as usual.
  /// </summary>
  public interface IMmfError {
    /// <summary>The C library's status.</summary>
    MmfStatus Status { get; }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    string NativeMessage { get; }
    /// <summary>The OS error number behind an IO failure (errno), else 0.</summary>
    int OsError { get; }
  }

  /// <summary>A status this version of the binding does not know (never produced by libmmf 1.x).</summary>
  public class MmfException : Exception, IMmfError {
    /// <summary>Creates the exception for a status the binding has no class for.</summary>
    /// <param name="status">The C library's status.</param>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    /// <param name="osError">The OS error number (errno, or GetLastError() on Windows), or 0.</param>
    public MmfException(MmfStatus status, string message, int osError) : base(message) {
      Status = status;
      NativeMessage = message;
      OsError = osError;
    }
    /// <summary>The C library's status.</summary>
    public MmfStatus Status { get; private set; }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>The OS error number behind the failure (errno, or GetLastError() on Windows), or 0.</summary>
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_INVALID_ARGUMENT: an unknown whence/advice/flag, bad options, an empty file, a NUL in a path.</summary>
  public class MmfArgumentException : ArgumentException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfArgumentException(string message) : base(message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.InvalidArgument"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.InvalidArgument; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_CLOSED, or a call on a disposed <see cref="MappedFile"/>.</summary>
  public class MmfClosedException : ObjectDisposedException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfClosedException(string message) : base(typeof(MappedFile).FullName, message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.Closed"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.Closed; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_READ_ONLY: a write or move on a <see cref="MmfAccess.Read"/> map, a resize of a Read or Copy map.</summary>
  public class MmfReadOnlyException : NotSupportedException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfReadOnlyException(string message) : base(message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.ReadOnly"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.ReadOnly; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_OUT_OF_RANGE: a position, length or range outside the map, or overflowing.</summary>
  public class MmfOutOfRangeException : ArgumentOutOfRangeException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfOutOfRangeException(string message) : base(null, message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.OutOfRange"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.OutOfRange; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_BUSY: Dispose or Resize while a <see cref="View"/> is held.</summary>
  public class MmfBusyException : InvalidOperationException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfBusyException(string message) : base(message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.Busy"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.Busy; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_IO: the operating system refused; <see cref="OsError"/> is its error number.</summary>
  public class MmfIOException : IOException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    /// <param name="osError">The os error number (errno, or getlasterror() on windows), or 0.</param>
    public MmfIOException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.IO"/>.</summary>
    public virtual MmfStatus Status { get { return MmfStatus.IO; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>The OS error number behind the failure (errno, or GetLastError() on Windows), or 0.</summary>
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because the file does not exist (ENOENT).</summary>
  public class MmfFileNotFoundException : FileNotFoundException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    /// <param name="osError">The os error number (errno, or getlasterror() on windows), or 0.</param>
    public MmfFileNotFoundException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.IO"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.IO; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>The OS error number behind the failure (errno, or GetLastError() on Windows), or 0.</summary>
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because a path is too long (ENAMETOOLONG).</summary>
  public class MmfPathTooLongException : PathTooLongException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    /// <param name="osError">The os error number (errno, or getlasterror() on windows), or 0.</param>
    public MmfPathTooLongException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.IO"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.IO; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>The OS error number behind the failure (errno, or GetLastError() on Windows), or 0.</summary>
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because permission was denied (EACCES, EPERM).</summary>
  public class MmfUnauthorizedAccessException : UnauthorizedAccessException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    /// <param name="osError">The os error number (errno, or getlasterror() on windows), or 0.</param>
    public MmfUnauthorizedAccessException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.IO"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.IO; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>The OS error number behind the failure (errno, or GetLastError() on Windows), or 0.</summary>
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_NO_MEMORY: memory or address space ran out.</summary>
  public class MmfOutOfMemoryException : OutOfMemoryException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfOutOfMemoryException(string message) : base(message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.NoMemory"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.NoMemory; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_UNSUPPORTED: not available on this platform or in this version.</summary>
  public class MmfUnsupportedException : PlatformNotSupportedException, IMmfError {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfUnsupportedException(string message) : base(message) {
      NativeMessage = message;
    }
    /// <summary>The C library's status: <see cref="MmfStatus.Unsupported"/>.</summary>
    public MmfStatus Status { get { return MmfStatus.Unsupported; } }
    /// <summary>The library's message (mmf_last_error), naming the call and its arguments.</summary>
    public string NativeMessage { get; private set; }
    /// <summary>Always 0: this status does not come from the OS.</summary>
    public int OsError { get { return 0; } }
  }

  /// <summary>
  /// MMF_ERR_FAULT: the mapped pages vanished (the file was truncated under the
  /// map). Calls that touch the map's memory keep failing until
  /// <see cref="MappedFile.Resize"/> or <see cref="MappedFile.Dispose"/>.
  /// </summary>
  public class MmfFaultException : MmfIOException {
    /// <summary>Creates the exception; the binding throws it with the library's message (<see cref="IMmfError.NativeMessage"/>).</summary>
    /// <param name="message">The library's message, which names the call and its arguments.</param>
    public MmfFaultException(string message) : base(message, 0) {}
    /// <summary>The C library's status: <see cref="MmfStatus.Fault"/>.</summary>
    public override MmfStatus Status { get { return MmfStatus.Fault; } }
  }
}
