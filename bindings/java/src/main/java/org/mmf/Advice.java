package org.mmf;

/** Advice for {@link MappedFile#advise(Advice, long, long)} ({@code MMF_ADVICE_*}). */
public enum Advice {
  /** No special treatment. */
  NORMAL(0),
  /** Expect random access. */
  RANDOM(1),
  /** Expect sequential access. */
  SEQUENTIAL(2),
  /** Expect access soon: read ahead. */
  WILLNEED(3),
  /** Do not expect access soon. */
  DONTNEED(4);

  private final int code;

  Advice(int code) {
    this.code = code;
  }

  /** {@return the C value ({@code MMF_ADVICE_*})} */
  public int code() {
    return code;
  }
}
