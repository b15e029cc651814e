package org.mmf;

/**
 * {@link Status#UNSUPPORTED}: not available on this platform or in this version, or for this kind
 * of map (resizing a named map). An {@link UnsupportedOperationException}.
 */
public class MmfUnsupportedException extends UnsupportedOperationException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfUnsupportedException(String nativeMessage) {
    super(MmfErrors.format(Status.UNSUPPORTED, nativeMessage));
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return Status.UNSUPPORTED;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
