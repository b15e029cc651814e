package org.mmf;

import java.nio.ReadOnlyBufferException;

/**
 * {@link Status#READ_ONLY}: a write or move on a READ map, or a resize of a READ or COPY map. A
 * {@link ReadOnlyBufferException}, what a read-only {@code ByteBuffer} throws on a put.
 */
public class MmfReadOnlyException extends ReadOnlyBufferException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfReadOnlyException(String nativeMessage) {
    super();
    this.nativeMessage = nativeMessage;
  }

  /** {@return {@code "STATUS: native message"}, as every mmf exception} */
  @Override
  public String getMessage() {
    return MmfErrors.format(status(), nativeMessage);
  }

  @Override
  public Status status() {
    return Status.READ_ONLY;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
