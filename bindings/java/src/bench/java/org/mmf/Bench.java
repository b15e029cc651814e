package org.mmf;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * mmf's Java binding against the JDK's own {@link MappedByteBuffer} on the same page-cached
 * file: the cost of the cheapest native call ({@code noop}: {@code MappedFile.pageSize()}),
 * 8-byte little-endian integers at bench_c.cpp's 4 Mi random positions ({@code
 * MappedFile.getLong} against {@code MappedByteBuffer.getLong(int)}), 1-byte and 1 MiB
 * positional reads at random positions ({@code MappedFile.get}: one JNI call, the library's
 * fault guard), a sum over every byte through the zero-copy {@link View} against the same sum
 * over the MappedByteBuffer, and {@code find} of an absent 8-byte needle against a plain loop
 * over the MappedByteBuffer.
 *
 * <p>{@code --breakdown DATA_FILE [REPETITIONS]} instead prints the per-call cost layer by layer
 * (bindings/java/README.md, "What a call costs") and writes no JSON.
 *
 * <p>A simple harness, not JMH. Each contender is warmed up (at least 1 s and 5 batches, so that
 * the JIT has compiled its loops) and its batch calibrated to about 150 ms; then the contenders
 * of one operation are timed in turn, one batch each per repetition, so that a change in the
 * machine's load hits both sides alike. The mean, standard deviation and coefficient of variation
 * over the repetitions go to a JSON file in Google Benchmark's aggregate shape (bench/report.py
 * reads it).
 *
 * <p>Usage: {@code java -Dorg.mmf.jni.library=.../libmmfjni.so -cp mmf.jar:mmf-bench.jar
 * org.mmf.Bench [DATA_FILE [OUT.json [REPETITIONS]]]} (bench/java/run.sh). Without a data file
 * it makes a 16 MiB one of random lowercase text and only prints the table.
 */
public final class Bench {
  private static final int MIB = 1 << 20;
  private static final int POSITIONS = 1 << 16; // random positions, reused cyclically
  private static final int CHUNK = 64 << 10;
  private static final long CALIBRATE_NS = 20_000_000L;
  private static final long TARGET_NS = 150_000_000L;
  private static final long WARMUP_NS = 1_000_000_000L;
  private static final int WARMUP_BATCHES = 5;
  /** The same rare needle as bench/c/bench_c.cpp: uppercase, absent from lowercase text. */
  private static final byte[] NEEDLE = "QZXJKVQZ".getBytes(StandardCharsets.US_ASCII);

  private static long sink;

  private Bench() {}

  interface Body {
    /** Runs {@code iters} operations; returns something that depends on them. */
    long run(long iters);
  }

  private record Result(String name, double[] nsPerOp, long iters, long bytesPerOp) {
    double mean() {
      double s = 0;
      for (double v : nsPerOp) {
        s += v;
      }
      return s / nsPerOp.length;
    }

    double stddev() {
      if (nsPerOp.length < 2) {
        return 0;
      }
      double m = mean();
      double s = 0;
      for (double v : nsPerOp) {
        s += (v - m) * (v - m);
      }
      return Math.sqrt(s / (nsPerOp.length - 1));
    }
  }

  private static final List<Result> RESULTS = new ArrayList<>();

  private static long time(Body b, long iters) {
    long t0 = System.nanoTime();
    sink += b.run(iters);
    return System.nanoTime() - t0;
  }

  /**
   * Warms {@code b} up (batches doubling until one takes 20 ms, then repeated for at least 1 s and
   * 5 batches in all) and returns the batch size that takes about 150 ms on the warm code.
   */
  private static long warmUp(Body b) {
    long iters = 1;
    long w0 = System.nanoTime();
    int batches = 0;
    while (true) {
      long t = time(b, iters);
      if (t < CALIBRATE_NS && iters < 1L << 40) {
        iters *= 2;
      } else if (++batches >= WARMUP_BATCHES && System.nanoTime() - w0 >= WARMUP_NS) {
        break;
      }
    }
    long t = time(b, iters);
    return Math.max(1, (long) ((double) iters * TARGET_NS / Math.max(t, 1)));
  }

  /** Times the contenders of one operation, interleaved; records ns per operation for each. */
  private static void compare(String op, long bytesPerOp, int reps, String[] impls, Body[] bodies) {
    long[] iters = new long[bodies.length];
    for (int i = 0; i < bodies.length; i++) {
      iters[i] = warmUp(bodies[i]);
    }
    double[][] ns = new double[bodies.length][reps];
    for (int r = 0; r < reps; r++) {
      for (int i = 0; i < bodies.length; i++) {
        ns[i][r] = time(bodies[i], iters[i]) / (double) iters[i];
      }
    }
    for (int i = 0; i < bodies.length; i++) {
      Result res = new Result("java/" + op + "/" + impls[i], ns[i], iters[i], bytesPerOp);
      RESULTS.add(res);
      System.out.printf(Locale.ROOT, "%-32s %14.1f ns  cv %5.1f%%  (%d x %d)%n", res.name(), res.mean(),
          100 * res.stddev() / res.mean(), reps, iters[i]);
    }
  }

  /**
   * The sum of bytes [from, to): the same code for both buffers (both are DirectByteBufferR). The
   * scans call it per 64 KiB chunk, so that it is invoked often enough for a regular C2
   * compilation rather than one on-stack replacement of a single 256 MiB loop, whose code
   * quality varies from run to run.
   */
  private static long sum(ByteBuffer b, int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += b.get(i);
    }
    return s;
  }

  private static long sum(ByteBuffer b) {
    long s = 0;
    int n = b.limit();
    for (int off = 0; off < n; off += CHUNK) {
      s += sum(b, off, Math.min(n, off + CHUNK));
    }
    return s;
  }

  /**
   * What a Java user writes to search a MappedByteBuffer: a plain loop over it, here for the
   * match starts in [from, to) (called per chunk, as {@link #sum} is).
   */
  private static int findLoop(ByteBuffer b, byte[] nd, int from, int to) {
    int last = Math.min(to, b.limit() - nd.length + 1);
    byte first = nd[0];
    outer:
    for (int i = from; i < last; i++) {
      if (b.get(i) != first) {
        continue;
      }
      for (int j = 1; j < nd.length; j++) {
        if (b.get(i + j) != nd[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static long findLoop(ByteBuffer b, byte[] nd) {
    int n = b.limit();
    for (int off = 0; off < n; off += CHUNK) {
      int at = findLoop(b, nd, off, Math.min(n, off + CHUNK));
      if (at >= 0) {
        return at;
      }
    }
    return -1;
  }

  /**
   * std::mt19937_64 (the 64-bit Mersenne Twister, C++'s engine), so that the 8-byte reads use the
   * very positions of bench/c/bench_c.cpp's read_at_random rows.
   */
  static final class Mt19937x64 {
    private final long[] mt = new long[312];
    private int index = 312;

    Mt19937x64(long seed) {
      mt[0] = seed;
      for (int i = 1; i < 312; i++) {
        mt[i] = 6364136223846793005L * (mt[i - 1] ^ (mt[i - 1] >>> 62)) + i;
      }
    }

    long next() {
      if (index >= 312) {
        for (int i = 0; i < 312; i++) {
          long x = (mt[i] & 0xFFFFFFFF80000000L) | (mt[(i + 1) % 312] & 0x7FFFFFFFL);
          mt[i] = mt[(i + 156) % 312] ^ (x >>> 1) ^ ((x & 1) != 0 ? 0xB5026F5AA96619E9L : 0);
        }
        index = 0;
      }
      long x = mt[index++];
      x ^= (x >>> 29) & 0x5555555555555555L;
      x ^= (x << 17) & 0x71D67FFFEDA60000L;
      x ^= (x << 37) & 0xFFF7EEE000000000L;
      return x ^ (x >>> 43);
    }
  }

  /** bench_c.cpp's random_positions(): 4 Mi of them, {@code rng() % (size - 8)}, seed 7. */
  static int[] randomPositions8(long size) {
    Mt19937x64 rng = new Mt19937x64(7);
    int[] p = new int[4 << 20];
    for (int i = 0; i < p.length; i++) {
      p[i] = (int) Long.remainderUnsigned(rng.next(), size - 8);
    }
    return p;
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void writeJson(Path out) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("{\"context\": {\"java\": \"" + json(System.getProperty("java.vm.name") + " "
          + System.getProperty("java.version")) + "\", \"libmmf\": \"" + json(MappedFile.nativeVersion())
          + "\"},\n \"benchmarks\": [\n");
      String[] names = {"mean", "stddev", "cv"};
      boolean first = true;
      for (Result r : RESULTS) {
        double mean = r.mean();
        double sd = r.stddev();
        double[] aggs = {mean, sd, mean > 0 ? sd / mean : 0};
        for (int k = 0; k < 3; k++) {
          if (!first) {
            w.write(",\n");
          }
          first = false;
          w.write(String.format(Locale.ROOT,
              "  {\"name\": \"%s_%s\", \"run_name\": \"%s\", \"run_type\": \"aggregate\", "
                  + "\"aggregate_name\": \"%s\", \"real_time\": %.6g, \"time_unit\": \"ns\", "
                  + "\"repetitions\": %d, \"iterations\": %d",
              r.name(), names[k], r.name(), names[k], aggs[k], r.nsPerOp().length, r.iters()));
          if (k == 0) {
            w.write(String.format(Locale.ROOT, ", \"bytes_per_second\": %.6g", r.bytesPerOp() / (mean / 1e9)));
          }
          w.write("}");
        }
      }
      w.write("\n ]}\n");
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("--breakdown")) {
      breakdown(Paths.get(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5);
      return;
    }
    Path data;
    Path tmp = null;
    if (args.length > 0) {
      data = Paths.get(args[0]);
    } else {
      tmp = Files.createTempFile("mmf-bench-", ".bin");
      byte[] text = new byte[16 * MIB];
      Random rnd = new Random(42);
      for (int k = 0; k < text.length; k++) {
        text[k] = (byte) ('a' + rnd.nextInt(26));
      }
      Files.write(tmp, text);
      data = tmp;
    }
    Path out = args.length > 1 ? Paths.get(args[1]) : null;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try {
      run(data, reps);
      if (out != null) {
        writeJson(out);
      }
      System.out.println("(sink " + sink + ")");
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * The per-call cost layer by layer at one hot position (no cache or TLB miss), for the README's
   * breakdown; prints only, writes no report row. Each layer adds one piece to the one before.
   */
  private static void breakdown(Path data, int reps) throws IOException {
    try (MappedFile mm = MappedFile.open(data, Options.defaults().access(Access.READ))) {
      final long hot = 4096;
      byte[] one = new byte[1];
      byte[] eight = new byte[8];
      NativeMap raw = mm.rawForTest();
      try {
        mm.order(ByteOrder.LITTLE_ENDIAN);
        compare("layer", 1, reps, new String[] {"jni_floor", "handle_ref", "swig_read_at_1", "get_1", "get_8_decode",
            "typed_jni_8", "getByte", "getLong"},
            new Body[] {
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += MappedFile.pageSize();
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += mm.rawForTest() == null ? 1 : 0;
                  mm.exitRawForTest();
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += raw.read_at(hot, one, 0, 1);
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += mm.get(hot, one, 0, 1);
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  mm.get(hot, eight, 0, 8);
                  s += ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                }
                return s;
              },
              n -> {
                long s = 0;
                long ptr = NativeMap.getCPtr(raw);
                for (long k = 0; k < n; k++) {
                  s += NativeJNI.typedGet(ptr, hot, 8);
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += mm.getByte(hot);
                }
                return s;
              },
              n -> {
                long s = 0;
                for (long k = 0; k < n; k++) {
                  s += mm.getLong(hot);
                }
                return s;
              }});
        // At the random positions: what one JNI crossing next to a plain load does to the
        // overlap of cache and TLB misses.
        int[] pos8 = randomPositions8(mm.length());
        int mask8 = pos8.length - 1;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
          ByteBuffer mbb = ch.map(FileChannel.MapMode.READ_ONLY, 0, mm.length()).order(ByteOrder.LITTLE_ENDIAN);
          compare("random", 8, reps, new String[] {"mbb_getLong", "mbb_getLong_plus_jni_floor", "getLong"},
              new Body[] {
                n -> {
                  long s = 0;
                  for (long k = 0; k < n; k++) {
                    s += mbb.getLong(pos8[(int) k & mask8]);
                  }
                  return s;
                },
                n -> {
                  long s = 0;
                  for (long k = 0; k < n; k++) {
                    s += mbb.getLong(pos8[(int) k & mask8]) + MappedFile.pageSize();
                  }
                  return s;
                },
                n -> {
                  long s = 0;
                  for (long k = 0; k < n; k++) {
                    s += mm.getLong(pos8[(int) k & mask8]);
                  }
                  return s;
                }});
        }
      } finally {
        mm.exitRawForTest();
      }
    }
  }

  private static void run(Path data, int reps) throws IOException {
    // The typed reads use a map of their own: while mm's View is open, mm's typed gets take the
    // JNI call (a map with an acquired buffer has no direct reads, DirectReads.java), which is
    // what a user holding a View gets, not what this row measures.
    try (MappedFile mm = MappedFile.open(data, Options.defaults().access(Access.READ));
        MappedFile typed = MappedFile.open(data, Options.defaults().access(Access.READ));
        FileChannel ch = FileChannel.open(data, StandardOpenOption.READ);
        View view = mm.view()) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE || size < MIB) {
        throw new IllegalArgumentException("the data file must hold 1 MiB to 2 GiB: " + size);
      }
      int len = (int) size;
      MappedByteBuffer mbb = ch.map(FileChannel.MapMode.READ_ONLY, 0, len);
      ByteBuffer vb = view.buffer();
      System.out.printf(Locale.ROOT, "file: %d MiB, libmmf %s, %s %s, %d repetitions%n", len / MIB,
          MappedFile.nativeVersion(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
          reps);

      Random rnd = new Random(1);
      int[] pos1 = new int[POSITIONS];
      int[] pos1m = new int[POSITIONS];
      for (int k = 0; k < POSITIONS; k++) {
        pos1[k] = rnd.nextInt(len);
        pos1m[k] = rnd.nextInt(len - MIB + 1);
      }
      int mask = POSITIONS - 1;
      byte[] one = new byte[1];
      byte[] big = new byte[MIB];

      // The two sides must agree before they are timed.
      if (sum(vb) != sum(mbb)) {
        throw new AssertionError("view and MappedByteBuffer sums differ");
      }
      long a = mm.find(NEEDLE, 0);
      long b = findLoop(mbb, NEEDLE);
      if (a != b) {
        throw new AssertionError("find: mmf " + a + ", loop " + b);
      }

      // The floor: the cheapest call through the binding (a static SWIG wrapper around
      // mmf_page_size, no handle, no array).
      compare("noop", 0, reps, new String[] {"mmf"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += MappedFile.pageSize();
            }
            return s;
          }});

      // 8-byte little-endian integers at bench_c.cpp's 4 Mi random positions; "view": the
      // View's buffer (not a report row; the Java side of the skip-the-FFI question).
      int[] pos8 = randomPositions8(len);
      int mask8 = pos8.length - 1;
      typed.order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer mbbLe = mbb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer vbLe = vb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < 1000; k++) {
        int p = pos8[k];
        if (typed.getLong(p) != mbbLe.getLong(p) || vbLe.getLong(p) != mbbLe.getLong(p)) {
          throw new AssertionError("getLong(" + p + ") differs");
        }
      }
      compare("read_u64", 8, reps, new String[] {"mmf", "mappedbytebuffer", "view"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += typed.getLong(pos8[(int) k & mask8]);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += mbbLe.getLong(pos8[(int) k & mask8]);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += vbLe.getLong(pos8[(int) k & mask8]);
            }
            return s;
          }});

      // "view": the View's buffer, per call (not a report row; the per-call cost).
      // "getbyte": MappedFile.getByte, the typed 1-byte read (not a report row).
      compare("read_1", 1, reps, new String[] {"mmf", "mappedbytebuffer", "view", "getbyte"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              mm.get(pos1[(int) k & mask], one, 0, 1);
              s += one[0];
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += mbb.get(pos1[(int) k & mask]);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += vb.get(pos1[(int) k & mask]);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += typed.getByte(pos1[(int) k & mask]);
            }
            return s;
          }});
      compare("read_1m", MIB, reps, new String[] {"mmf", "mappedbytebuffer"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              mm.get(pos1m[(int) k & mask], big, 0, MIB);
              s += big[(int) k & (MIB - 1)];
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              mbb.get(pos1m[(int) k & mask], big);
              s += big[(int) k & (MIB - 1)];
            }
            return s;
          }});
      compare("view_scan", len, reps, new String[] {"mmf", "mappedbytebuffer"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += sum(vb);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += sum(mbb);
            }
            return s;
          }});
      compare("find", len, reps, new String[] {"mmf", "mappedbytebuffer"}, new Body[] {
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += mm.find(NEEDLE, 0);
            }
            return s;
          },
          n -> {
            long s = 0;
            for (long k = 0; k < n; k++) {
              s += findLoop(mbb, NEEDLE);
            }
            return s;
          }});
    }
  }
}
