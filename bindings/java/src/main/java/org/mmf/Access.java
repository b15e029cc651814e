package org.mmf;

/** How a map may be used: Python's {@code access=} argument ({@code mmf_access}). */
public enum Access {
  /** Read and write, shared with the file (with {@link Options#privateMap()}: as COPY). */
  DEFAULT(0),
  /** Read only: writes and moves throw {@link MmfReadOnlyException}. */
  READ(1),
  /** Write-through: changes reach the file. */
  WRITE(2),
  /** Copy-on-write: changes stay in this process and never reach the file. */
  COPY(3);

  private final int code;

  Access(int code) {
    this.code = code;
  }

  /** {@return the C value ({@code MMF_ACCESS_*})} */
  public int code() {
    return code;
  }

  /** The constant for a C value ({@code MMF_ACCESS_*}). */
  static Access fromCode(int code) {
    for (Access a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown mmf_access value " + code);
  }
}
