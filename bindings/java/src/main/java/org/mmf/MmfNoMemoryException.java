package org.mmf;

/** {@link Status#NO_MEMORY}: memory or address space ran out. */
public class MmfNoMemoryException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfNoMemoryException(String nativeMessage) {
    super(Status.NO_MEMORY, nativeMessage);
  }
}
