package org.mmf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The {@link SeekableByteChannel} of {@link MappedFile#channel()}: a position of its own over the
 * map, read and written through the library's positional calls. Unlike a file channel it does not
 * grow the map: a write that does not fit throws {@link MmfOutOfRangeException} and writes
 * nothing; {@link #truncate} shrinks the map ({@link MappedFile#resize} grows it). Closing the
 * channel does not close the map; a closed map closes the channel.
 */
final class MappedChannel implements SeekableByteChannel {
  /** Direct buffers are copied through a heap array of at most this many bytes at a time. */
  private static final int CHUNK = 1 << 20;

  private final MappedFile map;
  private long position;
  private boolean closed;

  MappedChannel(MappedFile map) {
    this.map = map;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    try {
      if (dst.remaining() == 0) {
        return 0;
      }
      long avail = map.length() - position;
      if (avail <= 0) {
        return -1;
      }
      int want = (int) Math.min(dst.remaining(), avail);
      int n;
      if (dst.hasArray()) {
        n = map.get(position, dst.array(), dst.arrayOffset() + dst.position(), want);
        dst.position(dst.position() + n);
      } else {
        byte[] tmp = new byte[Math.min(want, CHUNK)];
        n = map.get(position, tmp, 0, tmp.length);
        dst.put(tmp, 0, n);
      }
      if (n == 0) {
        return -1; // shrunk by another thread since length()
      }
      position += n;
      return n;
    } catch (MmfOutOfRangeException e) {
      if (position >= map.length()) {
        return -1; // shrunk by another thread: the end is here now
      }
      throw e;
    } catch (MmfClosedException e) {
      throw closedBy(e);
    }
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    ensureOpen();
    if (map.access() == Access.READ) {
      throw new NonWritableChannelException();
    }
    int n = src.remaining();
    try {
      long len = map.length();
      if (Long.compareUnsigned(position, len) > 0 || n > len - position) {
        throw new MmfOutOfRangeException("write(" + n + " bytes) at " + position + ": the map ends at "
            + len + " and a channel does not grow it (MappedFile.resize does)");
      }
      if (src.hasArray()) {
        map.put(position, src.array(), src.arrayOffset() + src.position(), n);
        src.position(src.position() + n);
      } else {
        byte[] tmp = new byte[Math.min(n, CHUNK)];
        for (int done = 0; done < n; ) {
          int k = Math.min(tmp.length, n - done);
          src.get(tmp, 0, k);
          map.put(position + done, tmp, 0, k);
          done += k;
        }
      }
    } catch (MmfClosedException e) {
      throw closedBy(e);
    }
    position += n;
    return n;
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  /**
   * Sets the position; past the end is allowed (reads then return -1, writes fail).
   *
   * @throws IllegalArgumentException a negative position
   */
  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("position(" + newPosition + "): negative");
    }
    ensureOpen();
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    ensureOpen();
    try {
      return map.length();
    } catch (MmfClosedException e) {
      throw closedBy(e);
    }
  }

  /**
   * Shrinks the map to {@code size} bytes if it is longer (through {@link MappedFile#resize}), and
   * moves the position back to {@code size} if it was past it; a larger size changes nothing.
   *
   * @throws IllegalArgumentException a negative size
   * @throws NonWritableChannelException a READ map
   */
  @Override
  public synchronized SeekableByteChannel truncate(long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("truncate(" + size + "): negative");
    }
    ensureOpen();
    if (map.access() == Access.READ) {
      throw new NonWritableChannelException();
    }
    try {
      if (size < map.length()) {
        map.resize(size);
      }
    } catch (MmfClosedException e) {
      throw closedBy(e);
    }
    position = Math.min(position, size);
    return this;
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed && !map.isClosed();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (closed || map.isClosed()) {
      throw new ClosedChannelException();
    }
  }

  private static ClosedChannelException closedBy(MmfClosedException e) {
    ClosedChannelException c = new ClosedChannelException();
    c.initCause(e);
    return c;
  }
}
