package org.mmf;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link Status#FAULT}: the mapped pages vanished (the file was truncated under the map). Calls
 * that touch the memory keep throwing it until {@link MappedFile#resize} or {@link
 * MappedFile#close}; length, size, tell and seek still work. An I/O failure of the file under the
 * map, so an {@link UncheckedIOException} (unchecked: any read of the map can meet it), whose
 * {@link #getCause() cause} is an {@link IOException} with the same message.
 */
public class MmfFaultException extends UncheckedIOException implements MmfError {
  private static final long serialVersionUID = 1L;

  /** The library's message for the failed call. */
  private final String nativeMessage;

  /**
   * An exception with the library's message.
   *
   * @param nativeMessage the library's message for the failed call
   */
  public MmfFaultException(String nativeMessage) {
    super(new IOException(MmfErrors.format(Status.FAULT, nativeMessage)));
    this.nativeMessage = nativeMessage;
  }

  /** {@return {@code "STATUS: native message"}, as every mmf exception} */
  @Override
  public String getMessage() {
    return MmfErrors.format(Status.FAULT, nativeMessage);
  }

  @Override
  public Status status() {
    return Status.FAULT;
  }

  @Override
  public String nativeMessage() {
    return nativeMessage;
  }
}
