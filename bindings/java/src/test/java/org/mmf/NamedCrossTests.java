package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java and C share a named map across processes and run the ping-pong protocol of
 * tests/named/protocol.h (tests/named/README.md) in both roles, against the C program named_peer
 * (its path is the system property org.mmf.test.namedPeer). CTest: java.named.cross. The class
 * name ends in "Tests" so that the java.unit.* loop, which runs classes ending in "Test", skips
 * it: it needs the peer.
 *
 * <p>Synchronisation: the turn counter at bytes [0, 4) is read with getAcquire and written with
 * setRelease through a VarHandle over the View's direct ByteBuffer (the C side uses
 * __atomic_load_n / __atomic_store_n with ACQUIRE / RELEASE on the same bytes). The message is
 * written with put (mmf_write_at) before the release store that publishes the turn, and read with
 * get after the acquire load that sees it, so it is complete; only the side whose turn it is
 * writes.
 */
class NamedCrossTests {
  private static final int ROUNDS = 200;
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final VarHandle TURN =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private static String peer() {
    String p = System.getProperty("org.mmf.test.namedPeer");
    assertNotNull(p, "set -Dorg.mmf.test.namedPeer=<path of named_peer>");
    return p;
  }

  private static String name(String tag) {
    return "mmfjx" + ProcessHandle.current().pid() + "_" + tag;
  }

  @Test
  @Timeout(90)
  void javaCreatesAndCOpens() throws Exception {
    String n = name("jc");
    MappedFile.unlinkNamed(n);
    Process p = null;
    try (MappedFile m = MappedFile.named(n, 4096, Options.defaults().exclusive())) {
      p = new ProcessBuilder(peer(), "pingpong", n, Integer.toString(ROUNDS)).inheritIO().start();
      play(m, true);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "named_peer pingpong did not exit");
      assertEquals(0, p.exitValue(), "named_peer pingpong failed (its reason is on stderr)");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      MappedFile.unlinkNamed(n);
    }
  }

  @Test
  @Timeout(90)
  void cCreatesAndJavaOpens() throws Exception {
    String n = name("cj");
    MappedFile.unlinkNamed(n);
    Process p = new ProcessBuilder(peer(), "serve", n, Integer.toString(ROUNDS))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      try (MappedFile m = openWhenCreated(n, p)) {
        play(m, false);
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "named_peer serve did not exit");
      assertEquals(0, p.exitValue(), "named_peer serve failed (its reason is on stderr)");
    } finally {
      p.destroyForcibly();
      MappedFile.unlinkNamed(n);
    }
  }

  /** Opens n (length 0: open only) once the C creator has made it. */
  private static MappedFile openWhenCreated(String n, Process creator) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      try {
        return MappedFile.named(n, 0);
      } catch (MmfNoSuchFileException | MmfIOException e) {
        if (!creator.isAlive()) {
          fail("named_peer serve exited (" + creator.exitValue() + ") before " + n + " could be opened: " + e);
        }
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  /** One side of protocol.h: the creator takes the odd turns, the opener the even ones. */
  private static void play(MappedFile m, boolean creator) throws InterruptedException {
    String me = creator ? "creator" : "opener";
    String other = creator ? "opener" : "creator";
    try (View v = m.view()) {
      ByteBuffer mem = v.buffer();
      assertTrue(mem.capacity() >= 64);
      for (int t = creator ? 1 : 2; t <= 2 * ROUNDS; t += 2) {
        awaitTurn(mem, t - 1, me);
        if (t > 1) {
          assertEquals(other + ":" + (t - 1), message(m), me + ", turn " + t);
        }
        putMessage(m, me + ":" + t);
        TURN.setRelease(mem, 0, t); // publishes the message written before it
      }
      if (creator) {
        awaitTurn(mem, 2 * ROUNDS, me);
        assertEquals("opener:" + (2 * ROUNDS), message(m), "the last message");
      }
    }
  }

  private static void awaitTurn(ByteBuffer mem, int want, String who) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    int seen;
    while ((seen = (int) TURN.getAcquire(mem, 0)) != want) {
      if (System.nanoTime() > deadline) {
        fail(who + ": timed out waiting for turn " + want + " (turn is " + seen + ")");
      }
      Thread.sleep(0, 100_000);
    }
  }

  private static void putMessage(MappedFile m, String msg) {
    byte[] b = msg.getBytes(US_ASCII);
    m.put(16, b);
    m.put(8, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
  }

  private static String message(MappedFile m) {
    int n = ByteBuffer.wrap(m.get(8, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertTrue(n >= 0 && n <= 48, "message length " + n);
    return new String(m.get(16, n), US_ASCII);
  }

  @Test
  void theProtocolCatchesAWrongMessage() throws IOException {
    // The checks above can fail: a map whose message does not follow the protocol is refused.
    String n = name("neg");
    try (MappedFile m = MappedFile.named(n, 4096, Options.defaults().exclusive())) {
      putMessage(m, "creator:7");
      try (View v = m.view()) {
        TURN.setRelease(v.buffer(), 0, 1);
      }
      AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> play(m, false));
      assertTrue(e.getMessage().contains("creator:1"), e.getMessage());
    } finally {
      MappedFile.unlinkNamed(n);
    }
  }
}
