package org.mmf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The {@link InputStream} of {@link MappedFile#inputStream(long)}: a position of its own over the
 * map, read through the library's positional calls, so it neither moves nor follows the map's
 * cursor. Closing it does not close the map.
 */
final class MappedInputStream extends InputStream {
  private final MappedFile map;
  private long position;
  private long mark;
  private boolean closed;

  MappedInputStream(MappedFile map, long position) {
    this.map = map;
    this.position = position;
    this.mark = position;
  }

  @Override
  public synchronized int read() throws IOException {
    ensureOpen();
    try {
      if (position >= map.length()) {
        return -1;
      }
      int b = map.getByte(position) & 0xff;
      position++;
      return b;
    } catch (MmfOutOfRangeException e) {
      return atEndAfterShrink(e);
    } catch (MmfClosedException e) {
      throw Streams.mapClosed(e);
    }
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    try {
      long avail = map.length() - position;
      if (avail <= 0) {
        return -1;
      }
      int n = map.get(position, b, off, (int) Math.min(len, avail));
      if (n == 0) {
        return -1; // shrunk by another thread since length()
      }
      position += n;
      return n;
    } catch (MmfOutOfRangeException e) {
      return atEndAfterShrink(e);
    } catch (MmfClosedException e) {
      throw Streams.mapClosed(e);
    }
  }

  /** Skips up to {@code n} bytes, never past the end of the map; 0 for a negative {@code n}. */
  @Override
  public synchronized long skip(long n) throws IOException {
    ensureOpen();
    if (n <= 0) {
      return 0;
    }
    long k = Math.min(n, Math.max(0, length() - position));
    position += k;
    return k;
  }

  @Override
  public synchronized int available() throws IOException {
    ensureOpen();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, length() - position));
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public synchronized void mark(int readlimit) {
    mark = position;
  }

  @Override
  public synchronized void reset() throws IOException {
    ensureOpen();
    position = mark;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private long length() throws IOException {
    try {
      return map.length();
    } catch (MmfClosedException e) {
      throw Streams.mapClosed(e);
    }
  }

  private int atEndAfterShrink(MmfOutOfRangeException e) throws IOException {
    // Another thread shrank the map between length() and the read: that is the end now.
    if (position >= length()) {
      return -1;
    }
    throw e;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("mmf: the stream is closed");
    }
  }
}
