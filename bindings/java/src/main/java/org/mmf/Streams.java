package org.mmf;

import java.io.IOException;

/** What the stream adapters share. */
final class Streams {
  private Streams() {}

  /** A stream's caller expects an IOException from a closed source, not IllegalStateException. */
  static IOException mapClosed(MmfClosedException e) {
    return new IOException("mmf: the map under the stream is closed", e);
  }
}
