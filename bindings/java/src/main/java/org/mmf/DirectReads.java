package org.mmf;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.lang.reflect.Field;

/**
 * The typed gets of one map without a JNI call: the protocol of the C library's {@code
 * mmf_direct.h}, run with {@code sun.misc.Unsafe}'s raw loads and stores on the library's memory
 * (bindings/java/README.md, "Typed reads without a JNI call", has the safety argument and the
 * measurements). A read that the protocol does not allow (out of range, closed, a write or resize
 * in the way, a buffer acquired, a fault) is made again by the JNI call ({@link
 * NativeJNI#typedGet}), which answers or throws.
 *
 * <p>Why Unsafe: each read must be a few instructions, or a loop of random reads overlaps fewer of
 * its cache misses; the checks of a ByteBuffer VarHandle on every field made the read cost 135 ns
 * against the JNI call's 72 ns. Unsafe is reached through method handles (the type is not named
 * in the source, so javac has nothing to warn about) and is used only where it exists without a
 * warning: JDK 17 to 23 (JDK 24 prints one at the first memory access, JEP 498); elsewhere every
 * typed get makes the JNI call.
 *
 * <p>The fences are compiler barriers: HotSpot's JITs compile {@code storeFence} and {@code
 * loadFence} to a barrier node that no memory access crosses, and to no instruction on x86-64;
 * the hardware half is the process-wide fence ({@code membarrier}) that the library's writers
 * issue.
 */
final class DirectReads {
  /** {@code -Dorg.mmf.directReads=false}: every typed get makes the JNI call. */
  static final String PROPERTY = "org.mmf.directReads";

  private static final MethodHandle GET_BYTE;
  private static final MethodHandle GET_SHORT;
  private static final MethodHandle GET_INT;
  private static final MethodHandle GET_LONG;
  private static final MethodHandle PUT_LONG;
  private static final MethodHandle GET_INT_ACQUIRE;
  private static final MethodHandle GET_LONG_ACQUIRE;
  private static final MethodHandle PUT_LONG_RELEASE;
  private static final MethodHandle STORE_FENCE;
  private static final MethodHandle LOAD_FENCE;
  /** Whether the handles above exist (and direct reads are not switched off). */
  private static final boolean AVAILABLE;

  static {
    MethodHandle[] h = unsafeHandles();
    AVAILABLE = h != null;
    GET_BYTE = AVAILABLE ? h[0] : null;
    GET_SHORT = AVAILABLE ? h[1] : null;
    GET_INT = AVAILABLE ? h[2] : null;
    GET_LONG = AVAILABLE ? h[3] : null;
    PUT_LONG = AVAILABLE ? h[4] : null;
    GET_INT_ACQUIRE = AVAILABLE ? h[5] : null;
    GET_LONG_ACQUIRE = AVAILABLE ? h[6] : null;
    PUT_LONG_RELEASE = AVAILABLE ? h[7] : null;
    STORE_FENCE = AVAILABLE ? h[8] : null;
    LOAD_FENCE = AVAILABLE ? h[9] : null;
  }

  private static final Cleaner CLEANER = Cleaner.create();

  /** The thread's slot, claimed on first use (0: none, the thread makes the JNI call). */
  private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::claim);

  /**
   * The slots of recently reading threads by thread id: ThreadLocal.get costs a call that ends in
   * a fence on JDK 17 (about 20 ns at random positions, where the read itself costs 30), this a
   * few loads. An entry is replaced by any other thread that maps to it; a miss asks SLOT.
   */
  private static final Slot[] RECENT = new Slot[256];

  /** {@code Thread.isVirtual()} (JDK 19+), or null. */
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  private final long ptr;
  private final long epoch;
  private final long seq;
  private final long view;
  private final long data;
  private final long length;
  private final long slotActive;
  private final long slotView;
  /** The slot of the first thread that read this map (a plain field: Slot is immutable). */
  private Slot last = Slot.NONE;

  private DirectReads(long ptr, long[] l) {
    long block = l[1];
    this.ptr = ptr;
    this.epoch = l[0];
    this.seq = block + l[3];
    this.view = block + l[4];
    this.data = block + l[5];
    this.length = block + l[6];
    this.slotActive = l[8];
    this.slotView = l[9];
  }

  /** Direct reads of the map at {@code ptr} (an open mmf_map), or null where they are not had. */
  static DirectReads of(long ptr) {
    if (!AVAILABLE) {
      return null;
    }
    long[] l = NativeJNI.directLayout(ptr);
    return l == null ? null : new DirectReads(ptr, l);
  }

  /**
   * The {@code width} (1, 2, 4 or 8) bytes at {@code pos} in the machine's byte order: read
   * directly when the protocol allows, else by the JNI call. Kept
   * under HotSpot's inlining limit (325 bytes of bytecode), so that it becomes part of the
   * caller's loop: a call would take room that the next reads' misses need.
   */
  long get(long pos, int width) {
    try {
      Slot s = last;
      if (s.thread != Thread.currentThread()) {
        s = slot();
        if (last == Slot.NONE) {
          // Kept for the first reader only: threads that share a map would
          // otherwise write this field back and forth on every read.
          last = s;
        }
      }
      long slot = s.address;
      if (slot != 0) {
        // Step 1 (mmf_direct.h numbers the steps): the section begins.
        PUT_LONG.invokeExact(slot + slotActive, (long) GET_LONG_ACQUIRE.invokeExact((Object) null, epoch));
        STORE_FENCE.invokeExact();
        // Step 2: what the view allows; the view named in the slot for the fault handler.
        int before = (int) GET_INT_ACQUIRE.invokeExact((Object) null, seq);
        long v = (long) GET_LONG_ACQUIRE.invokeExact((Object) null, view);
        long d = (long) GET_LONG_ACQUIRE.invokeExact((Object) null, data);
        long len = (long) GET_LONG_ACQUIRE.invokeExact((Object) null, length);
        PUT_LONG.invokeExact(slot + slotView, v);
        STORE_FENCE.invokeExact();
        // Step 3: an even seq, and width bytes at pos inside the length (len is below 2^63).
        boolean ok = (before & 1) == 0 && pos >= 0 && pos <= len - width;
        long x = 0;
        if (ok) {
          // Step 4, then step 5: no write, resize, close or fault since step 2.
          x = load(d + pos, width);
          LOAD_FENCE.invokeExact();
          ok =
              (int) GET_INT_ACQUIRE.invokeExact((Object) null, seq) == before
                  && (long) GET_LONG_ACQUIRE.invokeExact((Object) null, view) == v;
        }
        // Step 6. No exception can come between step 1 and here.
        PUT_LONG_RELEASE.invokeExact((Object) null, slot + slotActive, 0L);
        if (ok) {
          return x;
        }
      }
    } catch (Throwable e) {
      throw new AssertionError(e); // the handles throw nothing
    }
    return NativeJNI.typedGet(ptr, pos, width);
  }

  private static long load(long address, int width) throws Throwable {
    switch (width) {
      case 1:
        return (byte) GET_BYTE.invokeExact(address) & 0xffL;
      case 2:
        return (short) GET_SHORT.invokeExact(address) & 0xffffL;
      case 4:
        return (int) GET_INT.invokeExact(address) & 0xffffffffL;
      default:
        return (long) GET_LONG.invokeExact(address);
    }
  }

  private static Slot slot() {
    Thread t = Thread.currentThread();
    int i = (int) t.getId() & (RECENT.length - 1);
    Slot s = RECENT[i];
    if (s == null || s.thread != t) {
      s = SLOT.get();
      RECENT[i] = s;
    }
    return s;
  }

  /**
   * A thread's slot (mmf_direct_slot_claim on that thread). Released by a Cleaner once nothing
   * refers to it: the thread has ended (its thread-locals went) and RECENT has moved on, so no
   * section can run on it any more.
   */
  private static final class Slot {
    /** No thread's: the first read of a map looks its thread's slot up. */
    static final Slot NONE = new Slot(null, 0);

    final Thread thread;
    final long address;

    private Slot(Thread thread, long address) {
      this.thread = thread;
      this.address = address;
    }

    static Slot claim() {
      Thread t = Thread.currentThread();
      // A virtual thread moves between carrier threads, and the library's fault handler knows a
      // reader by its OS thread: virtual threads make the JNI call.
      long p = isVirtual(t) ? 0 : NativeJNI.directSlotClaim();
      Slot s = new Slot(t, p);
      if (p != 0) {
        CLEANER.register(s, () -> NativeJNI.directSlotRelease(p));
      }
      return s;
    }
  }

  /**
   * sun.misc.Unsafe's getByte, getShort, getInt, getLong (address), putLong (address),
   * getIntVolatile, getLongVolatile, putOrderedLong (object, offset), storeFence and loadFence,
   * bound to the instance; null where they are not to be used.
   */
  private static MethodHandle[] unsafeHandles() {
    if ("false".equals(System.getProperty(PROPERTY)) || Runtime.version().feature() >= 24) {
      return null;
    }
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object u = f.get(null);
      MethodHandles.Lookup l = MethodHandles.lookup();
      MethodType addr = MethodType.methodType(void.class, long.class);
      MethodType objOff = MethodType.methodType(void.class, Object.class, long.class);
      return new MethodHandle[] {
        l.findVirtual(c, "getByte", addr.changeReturnType(byte.class)).bindTo(u),
        l.findVirtual(c, "getShort", addr.changeReturnType(short.class)).bindTo(u),
        l.findVirtual(c, "getInt", addr.changeReturnType(int.class)).bindTo(u),
        l.findVirtual(c, "getLong", addr.changeReturnType(long.class)).bindTo(u),
        l.findVirtual(c, "putLong", addr.appendParameterTypes(long.class)).bindTo(u),
        l.findVirtual(c, "getIntVolatile", objOff.changeReturnType(int.class)).bindTo(u),
        l.findVirtual(c, "getLongVolatile", objOff.changeReturnType(long.class)).bindTo(u),
        l.findVirtual(c, "putOrderedLong", objOff.appendParameterTypes(long.class)).bindTo(u),
        l.findVirtual(c, "storeFence", MethodType.methodType(void.class)).bindTo(u),
        l.findVirtual(c, "loadFence", MethodType.methodType(void.class)).bindTo(u),
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // no Unsafe here (or not open to us): the JNI call
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static boolean isVirtual(Thread t) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(t);
    } catch (Throwable e) {
      return true; // unknown: the JNI call is always right
    }
  }
}
