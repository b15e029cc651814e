package org.mmf;

/** {@link Status#UNSUPPORTED}: not available on this platform or in this version. */
public class MmfUnsupportedException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfUnsupportedException(String nativeMessage) {
    super(Status.UNSUPPORTED, nativeMessage);
  }
}
