package org.mmf;

/**
 * What every mmf exception carries: the C status and the library's message for the failed call
 * ({@code mmf_last_error()}, taken in the same native call). Implemented by {@link MmfException}
 * (unchecked, the root of every status but IO) and {@link MmfIOException} (a checked {@link
 * java.io.IOException}).
 */
public interface MmfError {
  /** The status of the failed call. */
  Status status();

  /** The library's message: the call, its arguments and, for OS failures, the OS error text. */
  String nativeMessage();
}
