package org.mmf;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The {@link OutputStream} of {@link MappedFile#outputStream(long)}: a position of its own over
 * the map, written through the library's positional calls (all or nothing). The map does not
 * grow: a write past its end throws {@link MmfOutOfRangeException} and writes nothing. Closing it
 * does not close the map.
 */
final class MappedOutputStream extends OutputStream {
  private final MappedFile map;
  private long position;
  private boolean closed;

  MappedOutputStream(MappedFile map, long position) {
    this.map = map;
    this.position = position;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    ensureOpen();
    try {
      map.putByte(position, (byte) b);
    } catch (MmfClosedException e) {
      throw Streams.mapClosed(e);
    }
    position++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    try {
      map.put(position, b, off, len);
    } catch (MmfClosedException e) {
      throw Streams.mapClosed(e);
    }
    position += len;
  }

  /**
   * Does nothing but check that the stream is open, as {@code FileOutputStream.flush()}: every
   * write is already in the shared map. {@link MappedFile#flush()} makes it durable.
   */
  @Override
  public synchronized void flush() throws IOException {
    ensureOpen();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("mmf: the stream is closed");
    }
  }
}
