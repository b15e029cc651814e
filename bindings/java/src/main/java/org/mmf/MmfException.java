package org.mmf;

/**
 * The root of the unchecked mmf exceptions: misuse (closed map, bad range, read-only map, an open
 * view) and conditions of the memory itself (fault, no memory). Operating-system failures are the
 * checked {@link MmfIOException} instead. The message is {@code "STATUS: native message"}.
 */
public class MmfException extends RuntimeException implements MmfError {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final String nativeMessage;

  /** An exception for {@code status} with the library's message. */
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
