package org.mmf;

/** {@link Status#INVALID_ARGUMENT}: an unknown enum or flag value, an inconsistent option set, an empty file mapped with length 0. */
public class MmfInvalidArgumentException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfInvalidArgumentException(String nativeMessage) {
    super(Status.INVALID_ARGUMENT, nativeMessage);
  }
}
