package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed positional access ({@code getLong} and the rest): values and byte orders checked against
 * a {@link ByteBuffer} over the same bytes, every width at the first byte, the last valid
 * position and one past it, negative, huge and overflowing positions, READ and closed maps, and
 * typed calls racing close() and resize(). Also the small get/put copies (no array pinning)
 * against the pinned ones.
 */
class TypedTest {
  @TempDir Path dir;

  private static final ByteOrder[] ORDERS = {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN};

  /** One width of the typed API: its size, a read and a write through the long bits. */
  private record Width(String name, int size, TypedGet get, TypedPut put, BufGet bufGet) {}

  interface TypedGet {
    long get(MappedFile m, long pos);
  }

  interface TypedPut {
    void put(MappedFile m, long pos, long v);
  }

  interface BufGet {
    long get(ByteBuffer b, int pos);
  }

  /** Every typed call, as raw bits (float and double through their IEEE bits). */
  private static final Width[] WIDTHS = {
    new Width("byte", 1, (m, p) -> m.getByte(p), (m, p, v) -> m.putByte(p, (byte) v), (b, p) -> b.get(p)),
    new Width("short", 2, (m, p) -> m.getShort(p), (m, p, v) -> m.putShort(p, (short) v), ByteBuffer::getShort),
    new Width("int", 4, (m, p) -> m.getInt(p), (m, p, v) -> m.putInt(p, (int) v), ByteBuffer::getInt),
    new Width("long", 8, (m, p) -> m.getLong(p), (m, p, v) -> m.putLong(p, v), ByteBuffer::getLong),
    new Width("float", 4, (m, p) -> Float.floatToRawIntBits(m.getFloat(p)),
        (m, p, v) -> m.putFloat(p, Float.intBitsToFloat((int) v)), (b, p) -> Float.floatToRawIntBits(b.getFloat(p))),
    new Width("double", 8, (m, p) -> Double.doubleToRawLongBits(m.getDouble(p)),
        (m, p, v) -> m.putDouble(p, Double.longBitsToDouble(v)),
        (b, p) -> Double.doubleToRawLongBits(b.getDouble(p))),
  };

  private static <T extends Throwable> T assertMmf(Class<T> type, Status status, String messagePart,
      org.junit.jupiter.api.function.Executable call) {
    T e = assertThrows(type, call);
    MmfError err = (MmfError) e;
    assertEquals(status, err.status());
    assertTrue(err.nativeMessage().contains(messagePart), "message: " + err.nativeMessage());
    return e;
  }

  /** A 13-byte file 0x01, 0x02, ... 0x0d: odd, so no width divides it. */
  private Path counting() throws IOException {
    Path p = dir.resolve("count.bin");
    byte[] b = new byte[13];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i + 1);
    }
    Files.write(p, b);
    return p;
  }

  @Test
  void knownBytesInBothOrders() throws IOException {
    try (MappedFile mm = MappedFile.open(counting())) {
      assertEquals(ByteOrder.BIG_ENDIAN, mm.order(), "a ByteBuffer's default");
      assertEquals(0x01, mm.getByte(0));
      assertEquals(0x0102, mm.getShort(0));
      assertEquals(0x02030405, mm.getInt(1));
      assertEquals(0x0102030405060708L, mm.getLong(0));
      assertSame(mm, mm.order(ByteOrder.LITTLE_ENDIAN));
      assertEquals(ByteOrder.LITTLE_ENDIAN, mm.order());
      assertEquals(0x0d, mm.getByte(12));
      assertEquals(0x0201, mm.getShort(0));
      assertEquals(0x05040302, mm.getInt(1));
      assertEquals(0x0d0c0b0a09080706L, mm.getLong(5));
      assertEquals(0, mm.tell(), "typed calls leave the cursor");
    }
  }

  @Test
  void everyWidthRoundTripsAndMatchesAByteBuffer() throws IOException {
    long[] samples = {0, 1, -1, 0x8000000000000000L, 0x0123456789abcdefL, 0xfedcba9876543210L, 0x7fc00001L,
        0x7ff0000000000001L};
    for (ByteOrder order : ORDERS) {
      try (MappedFile mm = MappedFile.anonymous(64).order(order)) {
        for (Width w : WIDTHS) {
          for (long v : samples) {
            for (int pos : new int[] {0, 3, 64 - w.size()}) {
              w.put().put(mm, pos, v);
              ByteBuffer b = ByteBuffer.wrap(mm.get(0, 64)).order(order);
              long want = w.bufGet().get(b, pos);
              assertEquals(want, w.get().get(mm, pos), w.name() + " " + order + " at " + pos);
              long mask = w.size() == 8 ? -1L : (1L << (8 * w.size())) - 1;
              assertEquals(v & mask, want & mask, "the bytes of " + w.name() + " " + order + " at " + pos);
            }
          }
        }
      }
    }
  }

  @Test
  void floatsKeepTheirNanPayload() throws IOException {
    try (MappedFile mm = MappedFile.anonymous(16)) {
      mm.putFloat(0, Float.intBitsToFloat(0x7fc00001));
      assertEquals(0x7fc00001, mm.getInt(0));
      mm.putDouble(8, Double.longBitsToDouble(0x7ff8000000000001L));
      assertEquals(0x7ff8000000000001L, mm.getLong(8));
      mm.putDouble(0, -0.0);
      assertEquals(-0.0, mm.getDouble(0));
      assertEquals(Double.doubleToRawLongBits(-0.0), mm.getLong(0));
    }
  }

  @Test
  void edgesOfEveryWidth() throws IOException {
    Path p = counting();
    try (MappedFile mm = MappedFile.open(p)) {
      long len = mm.length();
      byte[] before = mm.get(0, 13);
      for (Width w : WIDTHS) {
        String n = w.name();
        long last = len - w.size();
        ByteBuffer b = ByteBuffer.wrap(before).order(mm.order());
        assertEquals(w.bufGet().get(b, 0), w.get().get(mm, 0), n + " at 0");
        assertEquals(w.bufGet().get(b, (int) last), w.get().get(mm, last), n + " at the last valid position");
        // One past the last valid position: part of the value would lie past the end.
        assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "do not fit",
            () -> w.get().get(mm, last + 1));
        assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "do not fit", () -> w.get().get(mm, len));
        for (long bad : new long[] {len + 1, -1, -w.size(), Long.MIN_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE - w.size() + 2, -1L - len}) {
          assertThrows(MmfOutOfRangeException.class, () -> w.get().get(mm, bad), n + " get at " + bad);
          assertThrows(MmfOutOfRangeException.class, () -> w.put().put(mm, bad, -1), n + " put at " + bad);
        }
        // Writes are all or nothing: a write one past the last position changes no byte.
        assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_write_at",
            () -> w.put().put(mm, last + 1, -1));
        assertArrayEquals(before, mm.get(0, 13), n + ": a failed write wrote nothing");
        w.put().put(mm, last, w.get().get(mm, last));
        w.put().put(mm, 0, w.get().get(mm, 0));
        assertArrayEquals(before, mm.get(0, 13), n + ": rewriting the same value changes nothing");
      }
    }
  }

  @Test
  void readMapsRefuseTypedWrites() throws IOException {
    try (MappedFile mm = MappedFile.open(counting(), Options.defaults().access(Access.READ))) {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(counting())).order(mm.order());
      for (Width w : WIDTHS) {
        assertMmf(MmfReadOnlyException.class, Status.READ_ONLY, "mmf_write_at", () -> w.put().put(mm, 0, 7));
        assertMmf(MmfReadOnlyException.class, Status.READ_ONLY, "mmf_write_at",
            () -> w.put().put(mm, 13 - w.size(), 7));
        assertEquals(w.bufGet().get(b, 0), w.get().get(mm, 0), w.name() + ": reads work, nothing was written");
      }
    }
  }

  @Test
  void closedMapsThrowClosed() throws IOException {
    MappedFile mm = MappedFile.open(counting());
    mm.close();
    for (Width w : WIDTHS) {
      assertMmf(MmfClosedException.class, Status.CLOSED, "mmf_read_at", () -> w.get().get(mm, 0));
      assertMmf(MmfClosedException.class, Status.CLOSED, "mmf_write_at", () -> w.put().put(mm, 0, 1));
      assertThrows(MmfClosedException.class, () -> w.get().get(mm, -1), "closed wins over a bad position");
    }
  }

  @Test
  void nullOrderIsRefused() throws IOException {
    try (MappedFile mm = MappedFile.anonymous(8)) {
      assertThrows(NullPointerException.class, () -> mm.order(null));
      assertEquals(ByteOrder.BIG_ENDIAN, mm.order(), "a refused order changes nothing");
    }
  }

  @Test
  void theNativeCallRefusesAWidthItDoesNotKnow() throws IOException {
    try (MappedFile mm = MappedFile.anonymous(16)) {
      NativeMap raw = mm.rawForTest();
      try {
        long ptr = NativeMap.getCPtr(raw);
        for (int w : new int[] {0, 3, 16, -8}) {
          assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "is not 1, 2, 4 or 8",
              () -> NativeJNI.typedGet(ptr, 0, w));
          assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "is not 1, 2, 4 or 8",
              () -> NativeJNI.typedPut(ptr, 0, 1, w));
        }
        assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "mmf_read_at",
            () -> NativeJNI.typedGet(0, 0, 8));
      } finally {
        mm.exitRawForTest();
      }
      assertArrayEquals(new byte[16], mm.get(0, 16), "nothing was written");
    }
  }

  /**
   * Typed readers and writers race close(): each call either works or throws
   * MmfClosedException, the JVM never crashes (the handle is not freed under them: run with
   * MALLOC_PERTURB_, a freed handle would be poisoned).
   */
  @Test
  void typedCallsRacingCloseEndInClosed() throws Exception {
    for (int round = 0; round < 20; round++) {
      MappedFile mm = MappedFile.anonymous(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 1 << 13; i++) {
        mm.putLong(8L * i, i);
      }
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(4);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        final int id = t;
        Thread w = new Thread(() -> {
          started.countDown();
          try {
            for (long k = 0;; k++) {
              int i = (int) ((k * 7919 + id) & ((1 << 13) - 1));
              if (id == 0) {
                mm.putLong(8L * i, i);
              } else {
                assertEquals(i, mm.getLong(8L * i));
              }
            }
          } catch (MmfClosedException expected) {
            // the only way out
          } catch (Throwable e) {
            unexpected.compareAndSet(null, e);
          }
        });
        w.start();
        workers.add(w);
      }
      started.await();
      Thread.sleep(round % 3);
      mm.close();
      for (Thread w : workers) {
        w.join(30_000);
        assertTrue(!w.isAlive(), "worker still running");
      }
      if (unexpected.get() != null) {
        throw new AssertionError("round " + round + ": unexpected " + unexpected.get(), unexpected.get());
      }
      assertTrue(mm.isClosed());
    }
  }

  /**
   * Typed readers race resize() of an anonymous map between 64 KiB and 1 MiB: the first 64 KiB
   * always read back what was written (a reader is never left on unmapped or replaced memory),
   * and past 64 KiB a read either works or is out of range.
   */
  @Test
  void typedReadsRacingResizeSeeTheBytesOrOutOfRange() throws Exception {
    try (MappedFile mm = MappedFile.anonymous(64 << 10).order(ByteOrder.LITTLE_ENDIAN)) {
      for (int i = 0; i < 8 << 10; i++) {
        mm.putLong(8L * i, i + 1);
      }
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      long[] far = new long[1];
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        final int id = t;
        Thread r = new Thread(() -> {
          try {
            for (long k = 0; !stop.get(); k++) {
              int i = (int) ((k * 7919 + id) & ((8 << 10) - 1));
              assertEquals(i + 1, mm.getLong(8L * i));
              try {
                far[0] += mm.getLong((64 << 10) + 8 * (k & 0xffff));
              } catch (MmfOutOfRangeException shrunk) {
                // the map is 64 KiB at this moment
              }
            }
          } catch (Throwable e) {
            unexpected.compareAndSet(null, e);
          }
        });
        r.start();
        readers.add(r);
      }
      for (int k = 0; k < 200; k++) {
        mm.resize(1 << 20);
        mm.resize(64 << 10);
      }
      stop.set(true);
      for (Thread r : readers) {
        r.join(30_000);
        assertTrue(!r.isAlive(), "reader still running");
      }
      if (unexpected.get() != null) {
        throw new AssertionError("unexpected " + unexpected.get(), unexpected.get());
      }
      assertEquals(64 << 10, mm.length());
    }
  }

  /**
   * get/put of up to 7/8 bytes travel packed in a long, up to SMALL_MAX bytes through a C buffer,
   * longer ones pin the array: all three paths give the same counts, bytes and errors at every
   * edge.
   */
  @Test
  void smallAndPinnedCopiesAgreeAtEveryEdge() throws IOException {
    int size = 4096;
    int max = MappedFile.SMALL_MAX;
    try (MappedFile mm = MappedFile.anonymous(size)) {
      byte[] all = new byte[size];
      for (int i = 0; i < size; i++) {
        all[i] = (byte) (i * 31 + 7);
      }
      mm.put(0, all);
      for (int len : new int[] {0, 1, 2, 6, 7, 8, 9, max - 1, max, max + 1, 1000}) {
        for (long pos : new long[] {0, size - len, size - len + 1, size - 1, size}) {
          if (pos < 0 || pos > size) {
            continue; // pos past the end: below
          }
          byte[] dst = new byte[len + 3];
          int want = (int) Math.min(len, size - pos);
          assertEquals(want, mm.get(pos, dst, 2, len), "count of get(" + pos + ", " + len + ")");
          for (int i = 0; i < want; i++) {
            assertEquals(all[(int) pos + i], dst[2 + i], "byte " + i + " of get(" + pos + ", " + len + ")");
          }
          assertEquals(0, dst[0]);
          assertEquals(0, dst[1]);
          assertArrayEquals(java.util.Arrays.copyOfRange(all, (int) pos, (int) pos + want), mm.get(pos, len));
        }
        final int n = len;
        assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_read_at",
            () -> mm.get(size + 1, new byte[n], 0, n));
        assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_read_at",
            () -> mm.get(-1, new byte[n], 0, n));
        if (len > 0) {
          byte[] src = new byte[len];
          java.util.Arrays.fill(src, (byte) 0x5a);
          assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_write_at",
              () -> mm.put(size - n + 1, src));
          assertMmf(MmfOutOfRangeException.class, Status.OUT_OF_RANGE, "mmf_write_at",
              () -> mm.put(Long.MAX_VALUE, src));
          assertArrayEquals(all, mm.get(0, size), "a failed put of " + len + " wrote nothing");
          mm.put(size - len, src);
          assertArrayEquals(src, mm.get(size - len, len));
          mm.put(0, all);
        }
      }
    }
  }

  @Test
  void smallCopiesOnReadAndClosedMaps() throws IOException {
    Path p = counting();
    try (MappedFile mm = MappedFile.open(p, Options.defaults().access(Access.READ))) {
      assertMmf(MmfReadOnlyException.class, Status.READ_ONLY, "mmf_write_at", () -> mm.put(0, new byte[1]));
      assertEquals(0x01, mm.get(0, 1)[0]);
    }
    MappedFile mm = MappedFile.open(p);
    mm.close();
    assertMmf(MmfClosedException.class, Status.CLOSED, "mmf_read_at", () -> mm.get(0, new byte[4]));
    assertMmf(MmfClosedException.class, Status.CLOSED, "mmf_write_at", () -> mm.put(0, new byte[4]));
  }

  @Test
  void theSmallNativeCopiesCheckWhatTheJavaSideChecks() throws IOException {
    try (MappedFile mm = MappedFile.anonymous(1024)) {
      NativeMap raw = mm.rawForTest();
      try {
        long ptr = NativeMap.getCPtr(raw);
        int max = MappedFile.SMALL_MAX;
        assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not in 0..",
            () -> NativeJNI.getSmall(ptr, 0, new byte[max + 1], 0, max + 1));
        assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not in 0..",
            () -> NativeJNI.putSmall(ptr, 0, new byte[4], 0, -1));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> NativeJNI.getSmall(ptr, 0, new byte[4], 2, 4));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> NativeJNI.putSmall(ptr, 0, new byte[4], -1, 2));
        assertThrows(NullPointerException.class, () -> NativeJNI.getSmall(ptr, 0, null, 0, 4));
        assertThrows(NullPointerException.class, () -> NativeJNI.putSmall(ptr, 0, null, 0, 4));
        for (int bad : new int[] {-1, 8, 1 << 20}) {
          assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not in 0..7",
              () -> NativeJNI.getPacked(ptr, 0, bad));
        }
        for (int bad : new int[] {-1, 9, 1 << 20}) {
          assertMmf(MmfInvalidArgumentException.class, Status.INVALID_ARGUMENT, "not in 0..8",
              () -> NativeJNI.putPacked(ptr, 0, -1, bad));
        }
      } finally {
        mm.exitRawForTest();
      }
      assertArrayEquals(new byte[1024], mm.get(0, 1024), "nothing was written");
      // The packed format: byte i in bits 8i..8i+7, the count of a read in bits 56..63.
      raw = mm.rawForTest();
      try {
        long ptr = NativeMap.getCPtr(raw);
        NativeJNI.putPacked(ptr, 1, 0x0807060504030201L, 8);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 0}, mm.get(0, 10));
        assertEquals(7L << 56 | 0x07060504030201L, NativeJNI.getPacked(ptr, 1, 7));
        NativeJNI.putPacked(ptr, 1021, 0xfdfeffL, 3);
        assertEquals(3L << 56 | 0xfdfeffL, NativeJNI.getPacked(ptr, 1021, 7), "a short read at the end");
        assertEquals(0, NativeJNI.getPacked(ptr, 1024, 7), "none at the end");
      } finally {
        mm.exitRawForTest();
      }
    }
  }

  @Test
  void typedCallsNameThePositionWhenTheyDoNotFit() throws IOException {
    Path p = dir.resolve("ten.bin");
    Files.write(p, "0123456789".getBytes(US_ASCII));
    try (MappedFile mm = MappedFile.open(p)) {
      MmfOutOfRangeException e = assertThrows(MmfOutOfRangeException.class, () -> mm.getLong(5));
      assertTrue(e.nativeMessage().contains("pos=5") && e.nativeMessage().contains("ends at 10"),
          e.nativeMessage());
    }
  }
}
