package org.mmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread safety: calls racing with close() must either work or throw MmfClosedException, and the
 * handle is freed only by the Cleaner, once the map is unreachable (CTest runs this with
 * MALLOC_PERTURB_, so a call on a freed handle would read poisoned memory). The Cleaner closes
 * forgotten maps and frees closed ones.
 */
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void callsRacingWithCloseNeverTouchAFreedHandle() throws Exception {
    for (int round = 0; round < 60; round++) {
      MappedFile mm = MappedFile.anonymous(1 << 16);
      int threads = 4;
      CountDownLatch started = new CountDownLatch(threads);
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int id = t;
        Thread w = new Thread(() -> {
          byte[] buf = new byte[64];
          byte[] pat = {1, 2, 3};
          started.countDown();
          try {
            for (long k = 0;; k++) {
              switch ((int) ((k + id) % 6)) {
                case 0:
                  mm.get(k % 1000, buf);
                  break;
                case 1:
                  mm.put((k * 7) % 1000, buf);
                  break;
                case 2:
                  mm.find(pat, 0);
                  break;
                case 3:
                  mm.seek(k % 100);
                  mm.read(buf);
                  break;
                case 4:
                  assertEquals(1 << 16, mm.length());
                  break;
                default:
                  mm.isClosed();
                  break;
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
        fail("round " + round + ": unexpected " + unexpected.get(), unexpected.get());
      }
      assertFalse(mm.handleReleased(), "only the Cleaner frees the handle, once the map is unreachable");
      assertTrue(mm.isClosed());
    }
  }

  @Test
  void cursorCallsAreAtomic() throws Exception {
    int threads = 4;
    int perThread = 2000;
    try (MappedFile mm = MappedFile.anonymous((long) threads * perThread)) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int id = t;
        Thread w = new Thread(() -> {
          for (int k = 0; k < perThread; k++) {
            mm.writeByte(id + 1);
          }
        });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
      assertEquals((long) threads * perThread, mm.tell());
      int[] counts = new int[threads + 1];
      for (byte x : mm.get(0, threads * perThread)) {
        counts[x]++;
      }
      assertEquals(0, counts[0], "no write was lost");
      for (int t = 1; t <= threads; t++) {
        assertEquals(perThread, counts[t]);
      }
    }
  }

  private static long openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void theCleanerClosesForgottenMaps() throws Exception {
    Path p = dir.resolve("c.bin");
    Files.write(p, new byte[4096]);
    System.gc();
    long before = openFds();
    int n = 100;
    for (int k = 0; k < n; k++) {
      MappedFile.open(p).get(0, 1); // never closed: each holds its own descriptor
    }
    assertTrue(openFds() >= before + n, "each open map holds a descriptor");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (openFds() > before + n / 10 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(openFds() <= before + n / 10, "the Cleaner closed the forgotten maps: " + openFds() + " fds, "
        + before + " before");
  }

  @Test
  void theCleanerFreesClosedMaps() throws Exception {
    MappedFile mm = MappedFile.anonymous(4096);
    java.util.function.BooleanSupplier released = mm.handleReleasedProbe();
    mm.close();
    assertFalse(released.getAsBoolean(), "close() leaves the record to the Cleaner");
    mm = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!released.getAsBoolean() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(released.getAsBoolean(), "the Cleaner freed the handle of the unreachable map");
  }

  /**
   * A View's buffers do not keep the MappedFile reachable: with the MappedFile and the View
   * dropped unclosed, the buffer still reads the map, because the Cleaner leaves a handle with
   * views open alone (freeing it would unmap under the buffer).
   */
  @Test
  void theCleanerLeavesAMapWithAnOpenViewAlone() throws Exception {
    MappedFile mm = MappedFile.anonymous(4096);
    mm.put(4095, new byte[] {42});
    java.util.function.BooleanSupplier released = mm.handleReleasedProbe();
    @SuppressWarnings("resource") // deliberately leaked
    java.nio.ByteBuffer b = mm.view().buffer();
    mm = null;
    for (int k = 0; k < 20; k++) {
      System.gc();
      Thread.sleep(20);
    }
    assertFalse(released.getAsBoolean(), "a map with an open View must not be freed");
    assertEquals(42, b.get(4095));
  }
}
