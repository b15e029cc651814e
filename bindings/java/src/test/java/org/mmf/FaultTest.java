package org.mmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file truncated under the map by another process: mmf's calls throw MmfFaultException and
 * the JVM goes on, while a fault in a plain MappedByteBuffer (or a View's buffer, which bypasses
 * the library) is still the JVM's own InternalError: mmf's SIGBUS handler chains to the JVM's.
 */
class FaultTest {
  @TempDir Path dir;

  private static final int SIZE = 1 << 20;

  private Path file(String name) throws IOException {
    Path p = dir.resolve(name);
    byte[] data = new byte[SIZE];
    Arrays.fill(data, (byte) 'x');
    Files.write(p, data);
    return p;
  }

  /**
   * Reads {@code b[pos]} until the JVM's own error arrives. In compiled code HotSpot reports a
   * fault in an Unsafe access asynchronously ("... in a recent unsafe memory access operation in
   * compiled Java code"), at the next safepoint poll, so the access runs in a loop inside the try.
   */
  private static InternalError jvmFault(ByteBuffer b, int pos) {
    long sink = 0;
    try {
      for (int i = 0; i < 100_000_000; i++) {
        sink += b.get(pos);
      }
    } catch (InternalError e) {
      assertTrue(String.valueOf(e.getMessage()).contains("fault occurred"), e.getMessage());
      return e;
    }
    throw new AssertionError("no fault from the truncated file (sum " + sink + ")");
  }

  /** Truncates the file from another process (coreutils truncate). */
  private static void truncateElsewhere(Path p) throws Exception {
    Process pr = new ProcessBuilder("truncate", "-s", "0", p.toString()).inheritIO().start();
    assertTrue(pr.waitFor(30, TimeUnit.SECONDS), "truncate timed out");
    assertEquals(0, pr.exitValue(), "truncate failed");
    assertEquals(0, Files.size(p));
  }

  @Test
  void mmfThrowsAndTheJvmGoesOn() throws Exception {
    Path p = file("mmf.bin");
    try (MappedFile mm = MappedFile.open(p)) {
      assertEquals('x', mm.get(SIZE - 1, 1)[0]); // installs the guard
      truncateElsewhere(p);
      MmfFaultException e = assertThrows(MmfFaultException.class, () -> mm.get(SIZE / 2, 16));
      assertEquals(Status.FAULT, e.status());
      assertTrue(e.nativeMessage().contains("mmf_read_at"), e.nativeMessage());
      // the map stays poisoned for memory-touching calls ...
      assertThrows(MmfFaultException.class, () -> mm.put(0, new byte[1]));
      assertThrows(MmfFaultException.class, mm::readByte);
      assertThrows(MmfFaultException.class, () -> mm.find(new byte[] {'y'}));
      assertThrows(MmfFaultException.class, mm::view);
      // ... while length, size, tell and seek still work
      assertEquals(SIZE, mm.length());
      assertEquals(0, mm.size());
      assertEquals(10, mm.seek(10));
      // resize re-establishes the file size and the mapping
      mm.resize(4096);
      assertArrayEquals(new byte[4], mm.get(0, 4));
      mm.put(0, new byte[] {1});
      assertEquals(1, mm.get(0, 1)[0]);
    }
    assertEquals(4096, Files.size(p));
  }

  /**
   * The typed calls go through the guard like get(): a truncated file is MmfFaultException at the
   * very call, every time, in compiled code too (the loop runs long enough for C2), and nothing is
   * returned from the lost pages.
   */
  @Test
  void typedCallsThrowAtTheCallAndTheJvmGoesOn() throws Exception {
    Path p = file("typed.bin");
    try (MappedFile mm = MappedFile.open(p)) {
      long sum = 0;
      for (int i = 0; i < 200_000; i++) {
        sum += mm.getLong((i * 4096L) % (SIZE - 8)) + mm.getByte(i % SIZE);
      }
      assertEquals(200_000L * (0x7878787878787878L + 'x'), sum);
      truncateElsewhere(p);
      for (int i = 0; i < 200_000; i++) {
        long pos = (i * 4096L) % (SIZE - 8);
        MmfFaultException e = assertThrows(MmfFaultException.class, () -> mm.getLong(pos));
        assertEquals(Status.FAULT, e.status());
      }
      assertThrows(MmfFaultException.class, () -> mm.getByte(0));
      assertThrows(MmfFaultException.class, () -> mm.getDouble(SIZE - 8));
      assertThrows(MmfFaultException.class, () -> mm.putInt(16, 1));
      mm.resize(4096);
      assertEquals(0, mm.getLong(0));
      mm.putLong(0, -1);
      assertEquals(-1, mm.getLong(0));
    }
  }

  @Test
  void aPlainMappedByteBufferFaultIsStillTheJvmsOwnError() throws Exception {
    Path pm = file("guarded.bin");
    Path pj = file("plain.bin");
    try (MappedFile mm = MappedFile.open(pm);
        FileChannel ch = FileChannel.open(pj, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      mm.get(0, 1); // mmf's SIGBUS handler is installed from here on
      MappedByteBuffer mbb = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
      assertEquals('x', mbb.get(SIZE - 1));
      truncateElsewhere(pj);
      truncateElsewhere(pm);
      jvmFault(mbb, SIZE / 2);
      assertThrows(MmfFaultException.class, () -> mm.get(SIZE / 2, 1));
      // once more, in the other order
      jvmFault(mbb, SIZE / 4);
      assertThrows(MmfFaultException.class, () -> mm.get(SIZE / 4, 1));
    }
  }

  @Test
  void aViewBufferBypassesTheGuardAndGetsTheJvmsError() throws Exception {
    Path p = file("view.bin");
    try (MappedFile mm = MappedFile.open(p)) {
      try (View v = mm.view()) {
        ByteBuffer b = v.buffer();
        assertEquals('x', b.get(SIZE - 1));
        truncateElsewhere(p);
        jvmFault(b, SIZE / 2);
      }
      assertThrows(MmfFaultException.class, () -> mm.get(SIZE / 2, 1));
    }
  }
}
