package org.mmf;

import java.nio.file.AccessDeniedException;

/**
 * {@link Status#IO} of kind {@link ErrorKind#PERMISSION}: permission denied, including another user's named map. Java's own {@link AccessDeniedException}, so code
 * written for {@code java.nio.file} handles it; {@link MmfOsError} gives the library's details.
 */
public class MmfAccessDeniedException extends AccessDeniedException implements MmfOsError {
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
  public MmfAccessDeniedException(String nativeMessage, int osError) {
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
    return ErrorKind.PERMISSION;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
