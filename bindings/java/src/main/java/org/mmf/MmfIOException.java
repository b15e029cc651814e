package org.mmf;

import java.io.IOException;

/**
 * {@link Status#IO}: the operating system refused (open, map, truncate, msync, disk full, ...);
 * the message has the OS error text. Checked, as Java's own file I/O.
 */
public class MmfIOException extends IOException implements MmfError {
  private static final long serialVersionUID = 1L;

  private final String nativeMessage;
  private final int osError;

  /** An exception with the library's message and the OS error number (0 if unknown). */
  public MmfIOException(String nativeMessage, int osError) {
    super(MmfErrors.format(Status.IO, nativeMessage));
    this.nativeMessage = nativeMessage;
    this.osError = osError;
  }

  /**
   * The operating system's error number behind the failure (errno: ENOENT 2, EACCES 13, ENOSPC
   * 28, EFBIG 27, ... on Linux), from {@code mmf_last_os_error()}; 0 when unknown.
   */
  public int osError() {
    return osError;
  }

  @Override
  public Status status() {
    return Status.IO;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
