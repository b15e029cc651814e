package org.mmf;

/**
 * The portable kind of the OS error behind an {@link MmfIOException} ({@code mmf_error_kind},
 * from {@code mmf_last_error_kind()}): the same on every platform, so no errno or Windows error
 * table is needed.
 */
public enum ErrorKind {
  /** The failure did not come from the OS. */
  NONE(0),
  /** An OS error with no kind below (or a kind newer than this binding). */
  OTHER(1),
  /** The file, directory or named map does not exist. */
  NOT_FOUND(2),
  /** It exists and the call had to create it (exclusive). */
  EXISTS(3),
  /** Permission denied, including another user's named map. */
  PERMISSION(4),
  /** The disk or a quota is full. */
  NO_SPACE(5),
  /** The file would exceed a size limit. */
  TOO_LARGE(6),
  /** A symbolic link (Windows: reparse point) refused by noFollow, or too many links. */
  LOOP(7),
  /** A path or path component is too long. */
  NAME_TOO_LONG(8);

  private final int code;

  ErrorKind(int code) {
    this.code = code;
  }

  /** {@return the C value ({@code MMF_KIND_*})} */
  public int code() {
    return code;
  }

  /** The constant for a C value; an unknown (newer) value is {@link #OTHER}. */
  static ErrorKind fromCode(int code) {
    for (ErrorKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return OTHER;
  }
}
