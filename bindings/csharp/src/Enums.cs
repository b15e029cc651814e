using System;

namespace Mmf {
  /// <summary>The C library's status codes (mmf.h); the values are part of the ABI.</summary>
  public enum MmfStatus {
    Ok = 0,
    InvalidArgument = 1,
    Closed = 2,
    ReadOnly = 3,
    OutOfRange = 4,
    Busy = 5,
    IO = 6,
    NoMemory = 7,
    Unsupported = 8,
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
    Normal = 0,
    Random = 1,
    Sequential = 2,
    WillNeed = 3,
    DontNeed = 4,
  }
}
