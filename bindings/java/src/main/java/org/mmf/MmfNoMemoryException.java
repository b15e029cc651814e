package org.mmf;

/**
 * {@link Status#NO_MEMORY}: memory or address space ran out. An {@link MmfException} (unchecked),
 * not an {@link OutOfMemoryError}: the JVM's heap is fine, and the program can go on.
 */
public class MmfNoMemoryException extends MmfException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfNoMemoryException(String nativeMessage) {
    super(Status.NO_MEMORY, nativeMessage);
  }
}
