package org.mmf;

import java.nio.file.NoSuchFileException;

/**
 * {@link Status#IO} of kind {@link ErrorKind#NOT_FOUND}: the file, directory or named map does not exist. Java's own {@link NoSuchFileException}, so code
 * written for {@code java.nio.file} handles it; {@link MmfOsError} gives the library's details.
 */
public class MmfNoSuchFileException extends NoSuchFileException implements MmfOsError {
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
  public MmfNoSuchFileException(String nativeMessage, int osError) {
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
    return ErrorKind.NOT_FOUND;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
