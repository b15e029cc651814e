package org.mmf;

/**
 * An mmf failure with no closer JDK type: {@link Status#NO_MEMORY} ({@link MmfNoMemoryException})
 * and a status newer than this binding. Every other status has a class that extends the JDK type
 * Java code already catches ({@link MmfOutOfRangeException} is an {@link
 * IndexOutOfBoundsException}, {@link MmfClosedException} an {@link IllegalStateException}, ...);
 * what they all share is {@link MmfError}. The message is {@code "STATUS: native message"}.
 */
public class MmfException extends RuntimeException implements MmfError {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception for {@code status} with the library's message.
   *
   * @param status the status of the failed call, or null for a code this binding does not know
   * @param nativeMessage the library's message for the failed call
   */
  public MmfException(Status status, String nativeMessage) {
    super(MmfErrors.format(status, nativeMessage));
    this.status = status;
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return status;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
