package org.mmf;

/**
 * {@link Status#INVALID_ARGUMENT}: an unknown enum or flag value, an inconsistent option set, an
 * empty file mapped with length 0. An {@link IllegalArgumentException}, as Java's own checks of
 * arguments.
 */
public class MmfInvalidArgumentException extends IllegalArgumentException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfInvalidArgumentException(String nativeMessage) {
    super(MmfErrors.format(Status.INVALID_ARGUMENT, nativeMessage));
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return Status.INVALID_ARGUMENT;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
