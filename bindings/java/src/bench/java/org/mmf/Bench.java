package org.mmf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What a Java call costs: MappedFile (one JNI call, the library's lock and fault guard) against a
 * plain MappedByteBuffer and a View's ByteBuffer, for a 1-byte get and a 1 MiB bulk get on a
 * 16 MiB file in the page cache. A simple harness (warm-up, then the median of 7 timed runs),
 * not JMH: the numbers are for orders of magnitude.
 *
 * <p>Usage: {@code java -Dorg.mmf.jni.library=... -cp mmf.jar:mmf-bench.jar org.mmf.Bench}
 */
public final class Bench {
  private static final int FILE = 16 << 20;
  private static final int MIB = 1 << 20;
  private static long sink;

  private Bench() {}

  interface Body {
    long run(int iters);
  }

  private static double nsPerOp(Body b, int iters) {
    for (int w = 0; w < 5; w++) {
      sink += b.run(iters);
    }
    double[] t = new double[7];
    for (int r = 0; r < t.length; r++) {
      long t0 = System.nanoTime();
      sink += b.run(iters);
      t[r] = (System.nanoTime() - t0) / (double) iters;
    }
    Arrays.sort(t);
    return t[t.length / 2];
  }

  public static void main(String[] args) throws IOException {
    Path p = Files.createTempFile("mmf-bench-", ".bin");
    try {
      byte[] data = new byte[FILE];
      for (int k = 0; k < data.length; k++) {
        data[k] = (byte) (k * 31);
      }
      Files.write(p, data);
      try (MappedFile mm = MappedFile.open(p);
          FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
          View view = mm.view()) {
        MappedByteBuffer mbb = ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE);
        ByteBuffer vb = view.buffer();
        byte[] one = new byte[1];
        byte[] big = new byte[MIB];
        int mask = FILE - 1;

        double mmfByte = nsPerOp(n -> {
          long s = 0;
          for (int k = 0; k < n; k++) {
            mm.get((k * 4099L) & mask, one, 0, 1);
            s += one[0];
          }
          return s;
        }, 2_000_000);
        double mbbByte = nsPerOp(n -> {
          long s = 0;
          for (int k = 0; k < n; k++) {
            s += mbb.get((k * 4099) & mask);
          }
          return s;
        }, 20_000_000);
        double viewByte = nsPerOp(n -> {
          long s = 0;
          for (int k = 0; k < n; k++) {
            s += vb.get((k * 4099) & mask);
          }
          return s;
        }, 20_000_000);
        double mmfBulk = nsPerOp(n -> {
          long s = 0;
          for (int k = 0; k < n; k++) {
            mm.get((long) (k & 15) * MIB, big, 0, MIB);
            s += big[k & (MIB - 1)];
          }
          return s;
        }, 2_000);
        double mbbBulk = nsPerOp(n -> {
          long s = 0;
          for (int k = 0; k < n; k++) {
            mbb.get((k & 15) * MIB, big);
            s += big[k & (MIB - 1)];
          }
          return s;
        }, 2_000);

        System.out.printf("1-byte get:  MappedFile.get %.1f ns, MappedByteBuffer.get %.2f ns, View buffer %.2f ns%n",
            mmfByte, mbbByte, viewByte);
        System.out.printf("1 MiB get:   MappedFile.get %.1f us (%.1f GB/s), MappedByteBuffer.get %.1f us (%.1f GB/s)%n",
            mmfBulk / 1000, MIB / mmfBulk, mbbBulk / 1000, MIB / mbbBulk);
        System.out.println("(sink " + sink + ")");
      }
    } finally {
      Files.deleteIfExists(p);
    }
  }
}
