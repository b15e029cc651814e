import java.io.IOException;
import java.nio.ByteBuffer;
import org.mmf.MappedFile;
import org.mmf.View;

/**
 * Zero-copy access: fill 1 MiB of anonymous memory through the cursor API, then sum it in a hot
 * loop over the direct ByteBuffer of a View (no native call per byte). A View pins the map, so
 * close and resize wait until it is closed. Prints "sum of 1048576 bytes: 133693440"; on failure
 * "view_sum: " and the error, with exit status 1.
 */
public final class ViewSum {
  private ViewSum() {}

  public static void main(String[] args) {
    final int size = 1 << 20;
    try (MappedFile mm = MappedFile.anonymous(size)) {
      byte[] page = new byte[4096];
      for (int k = 0; k < page.length; k++) {
        page[k] = (byte) k; // 0..255 repeated
      }
      for (int k = 0; k < size / page.length; k++) {
        mm.write(page);
      }
      long sum = 0;
      try (View v = mm.view()) {
        ByteBuffer b = v.buffer();
        for (int k = 0; k < b.limit(); k++) {
          sum += b.get(k) & 0xff;
        }
      }
      System.out.println("sum of " + mm.length() + " bytes: " + sum);
    } catch (IOException | RuntimeException e) {
      System.out.println("view_sum: " + e);
      System.exit(1);
    }
  }
}
