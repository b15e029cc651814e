package org.mmf;

/**
 * {@link Status#BUSY}: close or resize while a {@link View} is open. An {@link
 * IllegalStateException}: the map's state (a pinned view) forbids the call.
 */
public class MmfBusyException extends IllegalStateException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfBusyException(String nativeMessage) {
    super(MmfErrors.format(Status.BUSY, nativeMessage));
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return Status.BUSY;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
