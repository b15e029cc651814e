import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mmf.MappedFile;
import org.mmf.MmfError;

/**
 * The first example of Python's mmap documentation, through the Java binding:
 *
 * <pre>
 *   with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
 *   with open("hello.txt", "r+b") as f:
 *       mm = mmap.mmap(f.fileno(), 0)
 *       print(mm.readline())   # prints "Hello Python!"
 *       print(mm[:5])          # prints "Hello"
 *       mm[6:] = b" world!\n"
 *       mm.seek(0)
 *       print(mm.readline())   # prints "Hello  world!"
 *       mm.close()
 * </pre>
 *
 * As in Python, " world!\n" replaces "Python!\n" from index 6, after the space at index 5, so the
 * last line has two spaces. The file lives in a fresh temporary directory, removed at the end. On
 * failure the program prints "hello: " and the error, and exits with status 1.
 */
public final class Hello {
  private Hello() {}

  private static void print(byte[] line) {
    String s = new String(line, StandardCharsets.UTF_8);
    System.out.print(s.endsWith("\n") ? s : s + "\n");
  }

  public static void main(String[] args) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("mmf-hello-");
      Path file = dir.resolve("hello.txt");
      // write a simple example file
      Files.write(file, "Hello Python!\n".getBytes(StandardCharsets.US_ASCII));

      // memory-map the whole file; try-with-resources closes (unmaps) it
      try (MappedFile mm = MappedFile.open(file)) {
        print(mm.readLine()); // prints "Hello Python!"
        print(mm.get(0, 5)); // mm[:5]: prints "Hello"
        mm.put(6, " world!\n".getBytes(StandardCharsets.US_ASCII)); // mm[6:] = b" world!\n"
        mm.seek(0);
        print(mm.readLine()); // prints "Hello  world!"
      }
    } catch (IOException | RuntimeException e) {
      String status = e instanceof MmfError ? " [" + ((MmfError) e).status() + "]" : "";
      System.out.println("hello: " + e.getMessage() + status);
      System.exit(1);
    } finally {
      if (dir != null) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          System.out.println("hello: cannot remove " + dir + ": " + e.getMessage());
        }
      }
    }
  }
}
