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
    public MmfException(MmfStatus status, string message, int osError) : base(message) {
      Status = status;
      NativeMessage = message;
      OsError = osError;
    }
    public MmfStatus Status { get; private set; }
    public string NativeMessage { get; private set; }
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_INVALID_ARGUMENT: an unknown whence/advice/flag, bad options, an empty file, a NUL in a path.</summary>
  public class MmfArgumentException : ArgumentException, IMmfError {
    public MmfArgumentException(string message) : base(message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.InvalidArgument; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_CLOSED, or a call on a disposed <see cref="MappedFile"/>.</summary>
  public class MmfClosedException : ObjectDisposedException, IMmfError {
    public MmfClosedException(string message) : base(typeof(MappedFile).FullName, message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.Closed; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_READ_ONLY: a write or move on a <see cref="MmfAccess.Read"/> map, a resize of a Read or Copy map.</summary>
  public class MmfReadOnlyException : NotSupportedException, IMmfError {
    public MmfReadOnlyException(string message) : base(message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.ReadOnly; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_OUT_OF_RANGE: a position, length or range outside the map, or overflowing.</summary>
  public class MmfOutOfRangeException : ArgumentOutOfRangeException, IMmfError {
    public MmfOutOfRangeException(string message) : base(null, message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.OutOfRange; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_BUSY: Dispose or Resize while a <see cref="View"/> is held.</summary>
  public class MmfBusyException : InvalidOperationException, IMmfError {
    public MmfBusyException(string message) : base(message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.Busy; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_IO: the operating system refused; <see cref="OsError"/> is its error number.</summary>
  public class MmfIOException : IOException, IMmfError {
    public MmfIOException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    public virtual MmfStatus Status { get { return MmfStatus.IO; } }
    public string NativeMessage { get; private set; }
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because the file does not exist (ENOENT).</summary>
  public class MmfFileNotFoundException : FileNotFoundException, IMmfError {
    public MmfFileNotFoundException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    public MmfStatus Status { get { return MmfStatus.IO; } }
    public string NativeMessage { get; private set; }
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because a path is too long (ENAMETOOLONG).</summary>
  public class MmfPathTooLongException : PathTooLongException, IMmfError {
    public MmfPathTooLongException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    public MmfStatus Status { get { return MmfStatus.IO; } }
    public string NativeMessage { get; private set; }
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_IO because permission was denied (EACCES, EPERM).</summary>
  public class MmfUnauthorizedAccessException : UnauthorizedAccessException, IMmfError {
    public MmfUnauthorizedAccessException(string message, int osError) : base(message) {
      NativeMessage = message;
      OsError = osError;
    }
    public MmfStatus Status { get { return MmfStatus.IO; } }
    public string NativeMessage { get; private set; }
    public int OsError { get; private set; }
  }

  /// <summary>MMF_ERR_NO_MEMORY: memory or address space ran out.</summary>
  public class MmfOutOfMemoryException : OutOfMemoryException, IMmfError {
    public MmfOutOfMemoryException(string message) : base(message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.NoMemory; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>MMF_ERR_UNSUPPORTED: not available on this platform or in this version.</summary>
  public class MmfUnsupportedException : PlatformNotSupportedException, IMmfError {
    public MmfUnsupportedException(string message) : base(message) {
      NativeMessage = message;
    }
    public MmfStatus Status { get { return MmfStatus.Unsupported; } }
    public string NativeMessage { get; private set; }
    public int OsError { get { return 0; } }
  }

  /// <summary>
  /// MMF_ERR_FAULT: the mapped pages vanished (the file was truncated under the
  /// map). Calls that touch the map's memory keep failing until
  /// <see cref="MappedFile.Resize"/> or <see cref="MappedFile.Dispose"/>.
  /// </summary>
  public class MmfFaultException : MmfIOException {
    public MmfFaultException(string message) : base(message, 0) {}
    public override MmfStatus Status { get { return MmfStatus.Fault; } }
  }
}
