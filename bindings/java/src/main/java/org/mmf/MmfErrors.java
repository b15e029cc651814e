package org.mmf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Builds the exception for a status; called from the JNI glue (java.i) and from Java. */
final class MmfErrors {
  private MmfErrors() {}

  static String format(Status status, String nativeMessage) {
    return (status == null ? "unknown status" : status.name()) + ": " + nativeMessage;
  }

  /** Called by the JNI glue: the message comes as bytes (UTF-8, malformed bytes replaced). */
  static Throwable fromNative(int code, int osError, int kind, byte[] message) {
    return create(code, osError, kind, new String(message, StandardCharsets.UTF_8));
  }

  static Throwable create(int code, int osError, int kind, String msg) {
    Status s = Status.fromCode(code);
    if (s == null) {
      return new MmfException(null, "status " + code + ": " + msg);
    }
    switch (s) {
      case INVALID_ARGUMENT:
        return new MmfInvalidArgumentException(msg);
      case CLOSED:
        return new MmfClosedException(msg);
      case READ_ONLY:
        return new MmfReadOnlyException(msg);
      case OUT_OF_RANGE:
        return new MmfOutOfRangeException(msg);
      case BUSY:
        return new MmfBusyException(msg);
      case IO:
        return ioError(osError, ErrorKind.fromCode(kind), msg);
      case NO_MEMORY:
        return new MmfNoMemoryException(msg);
      case UNSUPPORTED:
        return new MmfUnsupportedException(msg);
      case FAULT:
        return new MmfFaultException(msg);
      default:
        return new MmfException(s, msg);
    }
  }

  /**
   * Java's own types for the kinds {@code java.nio.file} has one for, by the library's portable
   * kind ({@code mmf_last_error_kind}, no errno table); {@link MmfIOException} for the others.
   */
  static IOException ioError(int osError, ErrorKind kind, String msg) {
    switch (kind) {
      case NOT_FOUND:
        return new MmfNoSuchFileException(msg, osError);
      case EXISTS:
        return new MmfFileAlreadyExistsException(msg, osError);
      case PERMISSION:
        return new MmfAccessDeniedException(msg, osError);
      default:
        return new MmfIOException(msg, osError, kind);
    }
  }
}
