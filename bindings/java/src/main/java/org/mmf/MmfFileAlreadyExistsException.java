package org.mmf;

import java.nio.file.FileAlreadyExistsException;

/**
 * {@link Status#IO} of kind {@link ErrorKind#EXISTS}: it exists and the call had to create it (exclusive). Java's own {@link FileAlreadyExistsException}, so code
 * written for {@code java.nio.file} handles it; {@link MmfOsError} gives the library's details.
 */
public class MmfFileAlreadyExistsException extends FileAlreadyExistsException implements MmfOsError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;
  /** The OS error number (0: unknown). */
  private final int osError;

  /**
   * An exception with the library's message and the OS error number.
   *
   * @param nativeMessage the library's message for the failed call
   * @param osError the OS error number (errno, or GetLastError() on Windows)
   */
  public MmfFileAlreadyExistsException(String nativeMessage, int osError) {
    super(null, null, MmfErrors.format(Status.IO, nativeMessage));
    this.nativeMessage = nativeMessage;
    this.osError = osError;
  }

  @Override
  public int osError() {
    return osError;
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.EXISTS;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
