package org.mmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed gets' direct reads (DirectReads, the C library's mmf_direct.h): the same answers as
 * the JNI call at every edge, close and resize racing them, a truncated file, a View.
 */
class DirectReadsTest {
  @TempDir Path dir;

  private static final boolean LINUX = System.getProperty("os.name").startsWith("Linux");

  /** Word i of the file: never 0, so zeros from a vanished page are always wrong. */
  private static long word(long i) {
    return (i + 1) * 0x9E3779B97F4A7C15L;
  }

  private Path file(String name, int words) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(words * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < words; i++) {
      b.putLong(word(i));
    }
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  private static void truncateElsewhere(Path p, long size) throws Exception {
    Process pr =
        new ProcessBuilder("truncate", "-s", Long.toString(size), p.toString()).inheritIO().start();
    assertTrue(pr.waitFor(30, TimeUnit.SECONDS), "truncate timed out");
    assertEquals(0, pr.exitValue(), "truncate failed");
  }

  @Test
  void onWhereTheLibraryOffersThem() throws Exception {
    try (MappedFile mm = MappedFile.open(file("on.bin", 512))) {
      if (LINUX && !"false".equals(System.getProperty(DirectReads.PROPERTY))) {
        assertNotNull(mm.directReads(), "Linux with membarrier: direct reads expected");
      } else {
        assertNull(mm.directReads());
      }
    }
  }

  /** Every width at every edge: the value, or the very exception, of the JNI call. */
  @Test
  void sameAnswersAsTheJniCallAtEveryEdge() throws Exception {
    MappedFile mm = MappedFile.open(file("edges.bin", 512));
    try {
      long len = mm.length();
      long ptr = mm.nativePointer();
      DirectReads d = mm.directReads();
      for (int w : d == null ? new int[0] : new int[] {1, 2, 4, 8}) {
        long[] positions = {
          0, 1, len / 2 + 3, len - w - 1, len - w, len - w + 1, len - 1, len, len + 1, -1, -w,
          Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 7
        };
        for (long pos : positions) {
          final int width = w;
          Object direct = outcome(() -> d.get(pos, width));
          Object jni = outcome(() -> NativeJNI.typedGet(ptr, pos, width));
          assertEquals(jni, direct, "width " + w + " at " + pos);
        }
      }
      mm.order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(word(511), mm.getLong(len - 8));
      assertEquals((int) word(3), mm.getInt(24));
      assertEquals((short) word(5), mm.getShort(40));
      assertEquals((byte) word(7), mm.getByte(56));
      mm.close();
      assertThrows(MmfClosedException.class, () -> mm.getLong(0));
    } finally {
      mm.close();
    }
  }

  private interface Call {
    long run();
  }

  private static Object outcome(Call c) {
    try {
      return c.run();
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  /**
   * Readers loop on random words while the map grows (often to a new address) and shrinks back,
   * then closes: every value is the file's, every reader ends with MmfClosedException, and none
   * touches a page that was unmapped (which would kill the JVM).
   */
  @Test
  void resizeAndCloseRacingReaders() throws Exception {
    int words = 1 << 17;
    MappedFile mm = MappedFile.open(file("race.bin", words));
    try {
      mm.order(ByteOrder.LITTLE_ENDIAN);
      AtomicLong reads = new AtomicLong();
      AtomicReference<Throwable> bad = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        final int seed = t;
        Thread th =
            new Thread(
                () -> {
                  SplittableRandom rng = new SplittableRandom(seed);
                  long n = 0;
                  try {
                    while (true) {
                      int i = rng.nextInt(words);
                      long v = mm.getLong(i * 8L);
                      if (v != word(i)) {
                        throw new AssertionError("word " + i + ": " + Long.toHexString(v));
                      }
                      n++;
                    }
                  } catch (MmfClosedException e) {
                    reads.addAndGet(n);
                  } catch (Throwable e) {
                    bad.compareAndSet(null, e);
                  }
                });
        th.start();
        readers.add(th);
      }
      for (int k = 0; k < 300; k++) {
        mm.resize(words * 8L * (1 + (k % 3)));
        mm.resize(words * 8L);
      }
      mm.close();
      for (Thread th : readers) {
        th.join(60_000);
        assertTrue(!th.isAlive(), "a reader did not end");
      }
      if (bad.get() != null) {
        throw new AssertionError("a reader failed", bad.get());
      }
      assertTrue(reads.get() > 0);
    } finally {
      mm.close();
    }
  }

  /**
   * A file truncated by another process under compiled direct reads: MmfFaultException at the
   * call (never zeros, never the JVM's late InternalError), and after the file is back a resize
   * maps it afresh and the reads see its bytes.
   */
  @Test
  void aTruncatedFileIsAFaultAtTheCallAndNoLaterError() throws Exception {
    int words = 4 * 4096 / 8;
    Path p = file("trunc.bin", words);
    try (MappedFile mm = MappedFile.open(p)) {
      mm.order(ByteOrder.LITTLE_ENDIAN);
      long sum = 0;
      for (int i = 0; i < 300_000; i++) {
        sum += mm.getLong((i % words) * 8L);
      }
      assertTrue(sum != 0);
      truncateElsewhere(p, 4096);
      for (int i = 0; i < 100_000; i++) {
        final long pos = (512 + (i % (words - 512))) * 8L; // past the first page
        MmfFaultException e = assertThrows(MmfFaultException.class, () -> mm.getLong(pos));
        assertEquals(Status.FAULT, e.status());
      }
      // The first page is still there, but the map is poisoned until resize.
      assertThrows(MmfFaultException.class, () -> mm.getLong(0));
      // Work that would meet a pending asynchronous error of the JVM, had it raised one.
      long spin = 0;
      for (int i = 0; i < 2_000_000; i++) {
        spin += new long[1 + (i & 7)].length;
      }
      assertTrue(spin > 0);
      Files.write(p, Files.readAllBytes(file("again.bin", words)));
      mm.resize(words * 8L);
      for (int i = 0; i < words; i++) {
        assertEquals(word(i), mm.getLong(i * 8L), "word " + i);
      }
    }
  }

  /** A View pins the map: typed gets go through the library meanwhile, and come back after. */
  @Test
  void aViewTurnsThemOffAndBackOn() throws Exception {
    try (MappedFile mm = MappedFile.open(file("view.bin", 1024))) {
      mm.order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(word(9), mm.getLong(72));
      try (View v = mm.view()) {
        assertEquals(word(9), v.buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(72));
        assertEquals(word(10), mm.getLong(80));
      }
      assertEquals(word(11), mm.getLong(88));
    }
  }

  /** Threads that read once and end: their slots go with them (a Cleaner releases them). */
  @Test
  void shortLivedThreadsReadToo() throws Exception {
    try (MappedFile mm = MappedFile.open(file("threads.bin", 64))) {
      mm.order(ByteOrder.LITTLE_ENDIAN);
      AtomicLong sum = new AtomicLong();
      for (int round = 0; round < 20; round++) {
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
          final int i = t;
          Thread th = new Thread(() -> sum.addAndGet(mm.getLong(i * 8L) == word(i) ? 1 : 0));
          th.start();
          ts.add(th);
        }
        for (Thread th : ts) {
          th.join();
        }
        System.gc();
      }
      assertEquals(400, sum.get());
    }
  }
}
