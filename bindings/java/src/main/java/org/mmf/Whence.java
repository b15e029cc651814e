package org.mmf;

/** Where {@link MappedFile#seek(long, Whence)} counts from (SEEK_SET, SEEK_CUR, SEEK_END). */
public enum Whence {
  /** From the start of the map. */
  SET(0),
  /** From the cursor. */
  CUR(1),
  /** From the end of the map. */
  END(2);

  private final int code;

  Whence(int code) {
    this.code = code;
  }

  /** {@return the C value ({@code MMF_SEEK_*})} */
  public int code() {
    return code;
  }
}
