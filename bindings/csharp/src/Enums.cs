using System;

namespace Mmf {
  /// <summary>The C library's status codes (mmf.h); the values are part of the ABI.</summary>
  public enum MmfStatus {
    /// <summary>Success (MMF_OK in mmf.h).</summary>
    Ok = 0,
    /// <summary>MMF_ERR_INVALID_ARGUMENT: thrown as <see cref="MmfArgumentException"/>.</summary>
    InvalidArgument = 1,
    /// <summary>MMF_ERR_CLOSED: thrown as <see cref="MmfClosedException"/>.</summary>
    Closed = 2,
    /// <summary>MMF_ERR_READ_ONLY: thrown as <see cref="MmfReadOnlyException"/>.</summary>
    ReadOnly = 3,
    /// <summary>MMF_ERR_OUT_OF_RANGE: thrown as <see cref="MmfOutOfRangeException"/>.</summary>
    OutOfRange = 4,
    /// <summary>MMF_ERR_BUSY: thrown as <see cref="MmfBusyException"/>.</summary>
    Busy = 5,
    /// <summary>MMF_ERR_IO: thrown as <see cref="MmfIOException"/> or, by the error's kind, <see cref="MmfFileNotFoundException"/>, <see cref="MmfUnauthorizedAccessException"/> or <see cref="MmfPathTooLongException"/>.</summary>
    IO = 6,
    /// <summary>MMF_ERR_NO_MEMORY: thrown as <see cref="MmfOutOfMemoryException"/>.</summary>
    NoMemory = 7,
    /// <summary>MMF_ERR_UNSUPPORTED: thrown as <see cref="MmfUnsupportedException"/>.</summary>
    Unsupported = 8,
    /// <summary>MMF_ERR_FAULT: thrown as <see cref="MmfFaultException"/>.</summary>
    Fault = 9,
  }

  /// <summary>How the map may be used (Python's <c>access=</c>).</summary>
  public enum MmfAccess {
    /// <summary>Read and write, shared with the file; with <see cref="MmfOpenFlags.Private"/> it is <see cref="Copy"/>.</summary>
    Default = 0,
    /// <summary>Read only: writes, moves and resizes fail (<see cref="NotSupportedException"/>).</summary>
    Read = 1,
    /// <summary>Write-through: changes reach the file.</summary>
    Write = 2,
    /// <summary>Copy-on-write: changes stay in this process; the map cannot be resized.</summary>
    Copy = 3,
  }

  /// <summary>Flags of <see cref="MappedFile.Open"/> and <see cref="MappedFile.Anonymous"/> (MMF_OPEN_*, MMF_MAP_*).</summary>
  [Flags]
  public enum MmfOpenFlags : uint {
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Create the file if it does not exist and extend it to offset + length.</summary>
    Create = 0x1,
    /// <summary>Prefault the pages (a hint).</summary>
    Populate = 0x2,
    /// <summary>A private (copy-on-write) map; only with <see cref="MmfAccess.Default"/>.</summary>
    Private = 0x4,
    /// <summary>With <see cref="Create"/>: fail if the file exists. With <see cref="MappedFile.Named"/>: create only, fail if the name exists.</summary>
    Exclusive = 0x8,
    /// <summary>Refuse a symbolic link as the last path component.</summary>
    NoFollow = 0x10,
    /// <summary>With <see cref="Create"/>: create the file with mode 0600.</summary>
    OwnerOnly = 0x20,
  }

  /// <summary>Advice for <see cref="MappedFile.Advise"/> (MMF_ADVICE_*).</summary>
  public enum MmfAdvice {
    /// <summary>MMF_ADVICE_NORMAL: no special treatment.</summary>
    Normal = 0,
    /// <summary>MMF_ADVICE_RANDOM: expect random access (less read-ahead).</summary>
    Random = 1,
    /// <summary>MMF_ADVICE_SEQUENTIAL: expect sequential access (more read-ahead).</summary>
    Sequential = 2,
    /// <summary>MMF_ADVICE_WILLNEED: the range will be needed soon (read it ahead).</summary>
    WillNeed = 3,
    /// <summary>MMF_ADVICE_DONTNEED: the range is not needed soon (madvise's MADV_DONTNEED).</summary>
    DontNeed = 4,
  }
}
