package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zero-copy Views: direct ByteBuffers over the map, pinning, maps over 2 GiB. */
class ViewTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path p = dir.resolve("v.bin");
    Files.write(p, content.getBytes(US_ASCII));
    return p;
  }

  @Test
  void buffersSeeTheMapAndTheMapSeesTheBuffers() throws IOException {
    Path p = file("hello world");
    try (MappedFile mm = MappedFile.open(p)) {
      try (View v = mm.view()) {
        assertEquals(11, v.length());
        assertEquals(1, v.count());
        ByteBuffer b = v.buffer();
        assertTrue(b.isDirect());
        assertEquals(11, b.capacity());
        assertEquals('w', b.get(6));
        b.put(0, (byte) 'H');
        mm.put(10, "D".getBytes(US_ASCII));
        assertEquals('D', b.get(10));
        b.position(3); // duplicates: positions are the caller's
        assertEquals(0, v.buffer().position());
      }
      mm.flush();
    }
    assertEquals("Hello worlD", new String(Files.readAllBytes(p), US_ASCII));
  }

  @Test
  void aViewPinsTheMap() throws IOException {
    MappedFile mm = MappedFile.open(file("abcdef"));
    View v1 = mm.view();
    View v2 = mm.view();
    assertThrows(MmfBusyException.class, mm::close);
    assertThrows(MmfBusyException.class, () -> mm.resize(3));
    assertFalse(mm.isClosed());
    v1.close();
    v1.close(); // idempotent: does not release v2's pin
    assertTrue(v1.isClosed());
    MmfBusyException e = assertThrows(MmfBusyException.class, mm::close);
    assertEquals(Status.BUSY, e.status());
    assertThrows(IllegalStateException.class, v1::buffer);
    v2.close();
    mm.resize(3);
    mm.close();
    assertTrue(mm.isClosed());
    assertThrows(MmfClosedException.class, mm::view);
  }

  @Test
  void readOnlyMapsGiveReadOnlyBuffers() throws IOException {
    try (MappedFile mm = MappedFile.open(file("abc"), Options.defaults().access(Access.READ));
        View v = mm.view()) {
      ByteBuffer b = v.buffer();
      assertTrue(b.isReadOnly());
      assertEquals('b', b.get(1));
      assertThrows(ReadOnlyBufferException.class, () -> b.put(0, (byte) 'x'));
    }
  }

  @Test
  void emptyMap() throws IOException {
    try (MappedFile mm = MappedFile.open(file("abc"))) {
      mm.resize(0);
      try (View v = mm.view()) {
        assertEquals(0, v.length());
        assertEquals(1, v.count());
        assertEquals(0, v.buffer().capacity());
      }
    }
  }

  @Test
  void mapsOver2GiBAreSplitIntoBuffers() throws IOException {
    long len = 3L * View.MULTI_CHUNK + 5; // memfd-backed: untouched pages cost nothing
    try (MappedFile mm = MappedFile.anonymous(len)) {
      long high = (1L << 31) + 7; // past what one ByteBuffer can address
      mm.put(high, new byte[] {42});
      mm.put(len - 1, new byte[] {43});
      try (View v = mm.view()) {
        assertEquals(len, v.length());
        assertEquals(4, v.count());
        assertEquals(View.MULTI_CHUNK, v.chunkSize());
        assertThrows(IllegalStateException.class, v::buffer);
        ByteBuffer[] all = v.buffers();
        assertEquals(5, all[3].capacity());
        assertEquals(42, v.buffer((int) (high / v.chunkSize())).get((int) (high % v.chunkSize())));
        assertEquals(43, all[3].get(4));
        all[2].put(0, (byte) 7);
      }
      assertEquals(7, mm.get(2 * View.MULTI_CHUNK, 1)[0]);
      assertEquals(len, mm.length());
      mm.seek(len - 1);
      assertEquals(43, mm.readByte());
    }
  }
}
