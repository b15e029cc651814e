package org.mmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Where the JNI library comes from (NativeLoader's order) and the jar's platform names. */
class NativeLoaderTest {
  @Test
  void platformNamesAreTheJarsDirectories() {
    assertEquals("linux-x86_64", NativeLoader.platformDir("Linux", "amd64"));
    assertEquals("linux-x86_64", NativeLoader.platformDir("Linux", "x86_64"));
    assertEquals("windows-x86_64", NativeLoader.platformDir("Windows 10", "amd64"));
    assertEquals("windows-x86_64", NativeLoader.platformDir("Windows Server 2022", "AMD64"));
    assertNull(NativeLoader.platformDir("Linux", "aarch64"), "no such library in the jar");
    assertNull(NativeLoader.platformDir("Mac OS X", "x86_64"));
    assertNull(NativeLoader.platformDir("FreeBSD", "amd64"));
    assertNull(NativeLoader.platformDir(null, "amd64"));
    assertNull(NativeLoader.platformDir("Linux", null));
  }

  @Test
  void theLibraryCameFromTheExpectedPlace() {
    assertFalse(MappedFile.nativeVersion().isEmpty()); // loads it
    String source = NativeLoader.source();
    String property = System.getProperty(NativeLoader.PROPERTY);
    if (property != null && !property.isEmpty()) {
      assertEquals(property, source, "an explicit library is the one loaded");
    } else if (Boolean.getBoolean("org.mmf.test.expectBundled")) {
      // mvn test: java.library.path is empty, so the jar's library was extracted, loaded and
      // (POSIX) deleted at once.
      String name = Paths.get(source).getFileName().toString();
      assertTrue(name.startsWith("mmfjni-") && name.endsWith(System.mapLibraryName("mmfjni")), source);
      assertFalse(Files.exists(Paths.get(source)), "the extracted file is removed after loading: " + source);
    } else {
      assertEquals("java.library.path", source);
    }
  }
}
