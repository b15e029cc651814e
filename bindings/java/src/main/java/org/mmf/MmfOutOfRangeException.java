package org.mmf;

/**
 * {@link Status#OUT_OF_RANGE}: a position, length or range outside the map, or one whose arithmetic
 * overflows (a negative {@code long} is a huge unsigned value). An {@link
 * IndexOutOfBoundsException}, as {@code ByteBuffer.get(int)} throws.
 */
public class MmfOutOfRangeException extends IndexOutOfBoundsException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfOutOfRangeException(String nativeMessage) {
    super(MmfErrors.format(Status.OUT_OF_RANGE, nativeMessage));
    this.nativeMessage = nativeMessage;
  }

  @Override
  public Status status() {
    return Status.OUT_OF_RANGE;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
