package org.mmf;

import java.io.IOException;

/**
 * {@link Status#IO}: the operating system refused (open, map, truncate, msync, disk full, ...);
 * the message has the OS error text. Checked, as Java's own file I/O. Not found, already exists
 * and permission denied are thrown as their {@code java.nio.file} types instead ({@link
 * MmfOsError} lists them).
 */
public class MmfIOException extends IOException implements MmfOsError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;
  /** The OS error number (0: unknown). */
  private final int osError;
  /** The portable kind of the OS error. */
  private final ErrorKind kind;

  /**
   * An exception with the library's message and the OS error number.
   *
   * @param nativeMessage the library's message for the failed call
   * @param osError the OS error number (0 if unknown)
   */
  public MmfIOException(String nativeMessage, int osError) {
    this(nativeMessage, osError, osError == 0 ? ErrorKind.NONE : ErrorKind.OTHER);
  }

  /**
   * An exception with the library's message, the OS error number and its portable kind.
   *
   * @param nativeMessage the library's message for the failed call
   * @param osError the OS error number (0 if unknown)
   * @param kind its portable kind
   */
  public MmfIOException(String nativeMessage, int osError, ErrorKind kind) {
    super(MmfErrors.format(Status.IO, nativeMessage));
    this.nativeMessage = nativeMessage;
    this.osError = osError;
    this.kind = kind;
  }

  /**
   * The portable kind of the OS error ({@code mmf_last_error_kind()}): NO_SPACE, TOO_LARGE, LOOP,
   * ... on every platform (NOT_FOUND, EXISTS and PERMISSION are thrown as their own NIO types).
   */
  @Override
  public ErrorKind kind() {
    return kind;
  }

  /**
   * The operating system's error number behind the failure (errno on POSIX, GetLastError() on
   * Windows), from {@code mmf_last_os_error()}; 0 when unknown. {@link #kind()} is the portable
   * classification.
   */
  @Override
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
