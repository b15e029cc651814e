package org.mmf;

/** {@link Status#OUT_OF_RANGE}: a position, length or range outside the map, or one whose arithmetic overflows (the IndexOutOfBoundsException of mmf). */
public class MmfOutOfRangeException extends MmfException {
  private static final long serialVersionUID = 1L;

  /** An exception with the library's message. */
  public MmfOutOfRangeException(String nativeMessage) {
    super(Status.OUT_OF_RANGE, nativeMessage);
  }
}
