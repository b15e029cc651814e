package org.mmf;

/** {@link Status#CLOSED}: the map was closed (Python: ValueError "mmap closed or invalid"). */
public class MmfClosedException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfClosedException(String nativeMessage) {
    super(Status.CLOSED, nativeMessage);
  }
}
