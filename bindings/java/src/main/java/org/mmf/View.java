package org.mmf;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Zero-copy access to a whole map as direct {@link ByteBuffer}s (Python: {@code memoryview(m)}),
 * so hot loops run at JIT speed with no native call per access.
 *
 * <p>While a View is open the map is pinned: {@link MappedFile#close()} and {@link
 * MappedFile#resize} throw {@link MmfBusyException}, so the memory stays where it is. A map of at
 * most {@code Integer.MAX_VALUE} bytes is one buffer; a larger one is split into buffers of
 * {@link #chunkSize()} (1 GiB) bytes each, the last one shorter: byte {@code p} of the map is
 * byte {@code p % chunkSize()} of buffer {@code p / chunkSize()}.
 *
 * <p>Rules that the JVM cannot enforce for memory it does not own:
 *
 * <ul>
 *   <li>A buffer must not be used after {@link #close()}: once the map is closed or resized its
 *       memory is gone, and an access may crash the JVM as a dangling pointer would.
 *   <li>Accesses through the buffers bypass the library's lock and its fault guard: a file
 *       truncated by another process under an open View raises the JVM's own error on access, as
 *       with {@link java.nio.MappedByteBuffer}. Use {@link MappedFile#get} where that matters.
 *   <li>The buffers of a {@link Access#READ} map are read-only buffers.
 * </ul>
 *
 * <p>A View that is never closed keeps the map pinned until the map itself becomes unreachable.
 */
public final class View implements AutoCloseable {
  static final long MULTI_CHUNK = 1L << 30;

  private final MappedFile file;
  private final ByteBuffer[] buffers;
  private final long length;
  private final long chunk;
  private final AtomicBoolean closed = new AtomicBoolean();

  View(MappedFile file, ByteBuffer[] raw, boolean readOnly) {
    this.file = file;
    this.buffers = new ByteBuffer[raw.length];
    long total = 0;
    for (int k = 0; k < raw.length; k++) {
      buffers[k] = readOnly ? raw[k].asReadOnlyBuffer() : raw[k];
      total += raw[k].capacity();
    }
    this.length = total;
    this.chunk = raw.length > 1 ? raw[0].capacity() : Math.max(1, total);
  }

  /** The chunk size the native side is asked for: one buffer when the map fits in one. */
  static long chunkFor(long mapLength) {
    return mapLength <= Integer.MAX_VALUE ? Integer.MAX_VALUE : MULTI_CHUNK;
  }

  /** {@return the map's length when the View was made} */
  public long length() {
    return length;
  }

  /** {@return how many buffers cover the map (1 unless it is larger than {@code Integer.MAX_VALUE})} */
  public int count() {
    return buffers.length;
  }

  /** {@return the bytes per buffer but the last} */
  public long chunkSize() {
    return chunk;
  }

  /**
   * The map as one buffer (a new duplicate: its position and limit are the caller's).
   *
   * @return the buffer
   * @throws IllegalStateException the map is larger than {@code Integer.MAX_VALUE}; use {@link
   *     #buffer(int)} or {@link #buffers()}
   */
  public ByteBuffer buffer() {
    if (buffers.length != 1) {
      throw new IllegalStateException("a map of " + length + " bytes spans " + buffers.length
          + " buffers: use buffer(int) or buffers()");
    }
    return buffer(0);
  }

  /**
   * One of the buffers.
   *
   * @param index 0 to {@link #count()} - 1
   * @return buffer {@code index} (a new duplicate)
   * @throws IndexOutOfBoundsException {@code index} outside the buffers
   * @throws IllegalStateException the View is closed
   */
  public ByteBuffer buffer(int index) {
    checkOpen();
    return buffers[index].duplicate();
  }

  /**
   * {@return every buffer, in order (new duplicates)}
   *
   * @throws IllegalStateException the View is closed
   */
  public ByteBuffer[] buffers() {
    checkOpen();
    ByteBuffer[] out = new ByteBuffer[buffers.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = buffers[k].duplicate();
    }
    return out;
  }

  /** {@return whether this View has been closed} */
  public boolean isClosed() {
    return closed.get();
  }

  /** Releases the pin (once; later calls do nothing). The buffers must not be used after this. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      file.releaseView();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the View is closed");
    }
  }
}
