package org.mmf;

/**
 * The statuses of the C ABI ({@code mmf_status} in {@code mmf.h}); the numeric
 * codes are part of the ABI and never change.
 */
public enum Status {
  /** Success (never carried by an exception). */
  OK(0),
  /** A null pointer, an unknown enum or flag, an inconsistent option set, an empty file. */
  INVALID_ARGUMENT(1),
  /** The map was closed. */
  CLOSED(2),
  /** A write or move on a READ map, or a resize of a READ or COPY map. */
  READ_ONLY(3),
  /** A position, length or range outside the map, or one whose arithmetic overflows. */
  OUT_OF_RANGE(4),
  /** Close or resize while a {@link View} is open. */
  BUSY(5),
  /** The operating system refused; the message has its error text. */
  IO(6),
  /** Memory or address space ran out. */
  NO_MEMORY(7),
  /** Not available on this platform or in this version. */
  UNSUPPORTED(8),
  /** The mapped pages vanished: the file was truncated under the map. */
  FAULT(9);

  private final int code;

  Status(int code) {
    this.code = code;
  }

  /** {@return the C value of this status} */
  public int code() {
    return code;
  }

  /**
   * The status with a C value.
   *
   * @param code an {@code mmf_status} value
   * @return its constant, or {@code null} for a value this binding does not know
   */
  public static Status fromCode(int code) {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
