package org.mmf;

/**
 * An {@link Status#IO} failure: the operating system refused. Implemented by {@link
 * MmfIOException} and by the NIO-typed exceptions thrown for the kinds Java has its own type for
 * ({@link MmfNoSuchFileException}, {@link MmfFileAlreadyExistsException}, {@link
 * MmfAccessDeniedException}); all of them are checked {@link java.io.IOException}s.
 */
public interface MmfOsError extends MmfError {
  /**
   * The operating system's error number behind the failure (errno on POSIX, GetLastError() on
   * Windows), from {@code mmf_last_os_error()}; 0 when unknown. {@link #kind()} is the portable
   * classification.
   *
   * @return the error number
   */
  int osError();

  /** {@return the portable kind of the OS error ({@code mmf_last_error_kind()}), the same on every platform} */
  ErrorKind kind();

  @Override
  default Status status() {
    return Status.IO;
  }
}
