package org.mmf;

/** {@link Status#BUSY}: close or resize while a {@link View} is open. */
public class MmfBusyException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfBusyException(String nativeMessage) {
    super(Status.BUSY, nativeMessage);
  }
}
