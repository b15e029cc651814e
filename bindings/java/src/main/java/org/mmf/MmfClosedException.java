package org.mmf;

/**
 * {@link Status#CLOSED}: the map was closed (Python: ValueError "mmap closed or invalid"). An
 * {@link IllegalStateException}, as a closed {@code java.util.Scanner} or {@code Formatter} throws.
 */
public class MmfClosedException extends IllegalStateException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfClosedException(String nativeMessage) {
    super(MmfErrors.format(Status.CLOSED, nativeMessage));
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return Status.CLOSED;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
