package org.mmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared conformance vectors (tests/conformance/vectors) under JUnit, one dynamic test per
 * file, through {@link ConformanceRunner} (the one implementation). The directory is the system
 * property {@code org.mmf.conformance.vectors}, else {@code ../../tests/conformance/vectors} from
 * the working directory (bindings/java under {@code mvn test}).
 */
class ConformanceTest {
  static Path vectorDir() {
    String dir = System.getProperty("org.mmf.conformance.vectors");
    return dir != null ? Paths.get(dir) : Paths.get("..", "..", "tests", "conformance", "vectors");
  }

  @TestFactory
  Stream<DynamicTest> vectors() throws IOException {
    Path dir = vectorDir();
    assertTrue(Files.isDirectory(dir), "no vector directory " + dir.toAbsolutePath()
        + " (set -Dorg.mmf.conformance.vectors)");
    List<Path> files = ConformanceRunner.vectorFiles(dir);
    assertFalse(files.isEmpty(), "no .vec files in " + dir.toAbsolutePath());
    AtomicInteger passed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    Stream<DynamicTest> perFile = files.stream().map(f -> DynamicTest.dynamicTest(
        f.getFileName().toString(), f.toUri(), () -> {
          ConformanceRunner.Result r = ConformanceRunner.run(f);
          ran.incrementAndGet();
          passed.addAndGet(r.passed);
          failed.addAndGet(r.failed);
          assertFalse(r.malformed, () -> String.join("\n", r.failures));
          assertEquals(0, r.failed, () -> String.join("\n", r.failures));
          assertTrue(r.passed > 0, f + ": no vector ran");
        }));
    // The runner's summary line, as runner.c prints it, once every file has run.
    DynamicTest total = DynamicTest.dynamicTest("all files", () -> {
      assertEquals(files.size(), ran.get(), "every file ran");
      System.out.println("conformance: " + passed.get() + " passed, " + failed.get() + " failed, 0 skipped");
      assertEquals(0, failed.get());
    });
    return Stream.concat(perFile, Stream.of(total));
  }
}
