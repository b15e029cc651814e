package org.mmf;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Named shared maps: MappedFile.named and MappedFile.unlinkNamed. */
class NamedTest {
  private final List<String> names = new ArrayList<>();

  /** A name unique to this process and test, removed after the test whatever happens. */
  private String name(String tag) {
    String n = "mmfj" + ProcessHandle.current().pid() + "_" + tag;
    names.add(n);
    return n;
  }

  @AfterEach
  void unlinkAll() throws IOException {
    for (String n : names) {
      MappedFile.unlinkNamed(n);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  @Test
  void createThenOpenFromASecondHandle() throws IOException {
    String n = name("share");
    try (MappedFile a = MappedFile.named(n, 100)) {
      assertEquals(100, a.length());
      long page = MappedFile.pageSize();
      assertEquals((100 + page - 1) / page * page, a.size()); // the object is whole pages
      a.put(0, b("hello"));
      try (MappedFile b = MappedFile.named(n, 0)) { // open only: all of it
        assertEquals(a.size(), b.length());
        assertArrayEquals(b("hello"), b.get(0, 5));
        b.put(10, b("back"));
      }
      assertArrayEquals(b("back"), a.get(10, 4));
      try (MappedFile c = MappedFile.named(n, 50)) { // create-or-open: the first 50 bytes
        assertEquals(50, c.length());
        assertArrayEquals(b("hello"), c.get(0, 5));
      }
    }
  }

  @Test
  void exclusiveRefusesAnExistingName() throws IOException {
    String n = name("excl");
    try (MappedFile a = MappedFile.named(n, 4096, Options.defaults().exclusive())) {
      MmfFileAlreadyExistsException e = assertThrows(
          MmfFileAlreadyExistsException.class, () -> MappedFile.named(n, 4096, Options.defaults().exclusive()));
      assertEquals(Status.IO, e.status());
      assertNotEquals(0, e.osError()); // EEXIST
      assertEquals(ErrorKind.EXISTS, e.kind());
      assertEquals(4096, a.length());
    }
    // exclusive with length 0 (open only) contradicts itself
    assertThrows(MmfInvalidArgumentException.class,
        () -> MappedFile.named(n, 0, Options.defaults().exclusive()));
  }

  @Test
  void openOnlyNeedsAnExistingName() throws IOException {
    String n = name("absent");
    MappedFile.unlinkNamed(n);
    assertThrows(MmfNoSuchFileException.class, () -> MappedFile.named(n, 0));
  }

  @Test
  void aLengthLargerThanTheMapIsOutOfRange() throws IOException {
    String n = name("size");
    try (MappedFile a = MappedFile.named(n, 4096)) {
      assertThrows(MmfOutOfRangeException.class, () -> MappedFile.named(n, a.size() + 1));
      assertThrows(MmfOutOfRangeException.class, () -> MappedFile.named(n, -1)); // 2^64 - 1
    }
  }

  @Test
  void badNames() {
    for (String bad : new String[] {"", "a/b", ".hidden", "-dash", "x".repeat(32), "caf\u00e9", "sp ace"}) {
      assertThrows(MmfInvalidArgumentException.class, () -> MappedFile.named(bad, 4096), bad);
      assertThrows(MmfInvalidArgumentException.class, () -> MappedFile.unlinkNamed(bad), bad);
    }
    assertThrows(MmfInvalidArgumentException.class, () -> MappedFile.named("nul\0name", 4096));
    assertThrows(NullPointerException.class, () -> MappedFile.named(null, 4096));
    assertThrows(NullPointerException.class, () -> MappedFile.unlinkNamed(null));
  }

  @Test
  void flagsThatConcernFilesAreRefused() {
    String n = name("flags");
    assertThrows(MmfInvalidArgumentException.class, () -> MappedFile.named(n, 4096, Options.defaults().create()));
    assertThrows(MmfInvalidArgumentException.class,
        () -> MappedFile.named(n, 4096, Options.defaults().ownerOnly()));
    assertThrows(MmfInvalidArgumentException.class, () -> MappedFile.named(n, 4096, Options.defaults().offset(1)));
  }

  @Test
  void resizeIsUnsupported() throws IOException {
    String n = name("resize");
    try (MappedFile a = MappedFile.named(n, 4096)) {
      MmfUnsupportedException e = assertThrows(MmfUnsupportedException.class, () -> a.resize(8192));
      assertEquals(Status.UNSUPPORTED, e.status());
      assertEquals(4096, a.length());
    }
  }

  @Test
  void readAccessAndPrivateCopies() throws IOException {
    String n = name("access");
    try (MappedFile a = MappedFile.named(n, 4096)) {
      a.put(0, b("shared"));
      try (MappedFile r = MappedFile.named(n, 0, Options.defaults().access(Access.READ))) {
        assertEquals(Access.READ, r.access());
        assertArrayEquals(b("shared"), r.get(0, 6));
        assertThrows(MmfReadOnlyException.class, () -> r.put(0, b("x")));
      }
      try (MappedFile c = MappedFile.named(n, 0, Options.defaults().privateMap())) {
        assertEquals(Access.COPY, c.access());
        c.put(0, b("mine"));
        assertArrayEquals(b("mine"), c.get(0, 4));
      }
      assertArrayEquals(b("shared"), a.get(0, 6));
    }
  }

  @Test
  void unlinkKeepsMapsAndIsIdempotent() throws IOException {
    String n = name("unlink");
    try (MappedFile a = MappedFile.named(n, 4096)) {
      a.put(0, b("old"));
      MappedFile.unlinkNamed(n);
      MappedFile.unlinkNamed(n); // a missing name is not an error
      assertThrows(MmfNoSuchFileException.class, () -> MappedFile.named(n, 0)); // gone for new openers
      assertArrayEquals(b("old"), a.get(0, 3)); // the map stays valid
      try (MappedFile fresh = MappedFile.named(n, 4096, Options.defaults().exclusive())) {
        assertArrayEquals(new byte[3], fresh.get(0, 3)); // a new, zeroed object
      }
    }
    assertTrue(names.contains(n));
  }
}
