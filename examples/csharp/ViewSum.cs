// Zero-copy access: fill 1 MiB of anonymous memory through the cursor API,
// then sum it in a hot loop over a View (no native call per byte): through a
// Span<byte> where the compiler has it (MMF_SPAN), else through the View's
// pointer. A View pins the map, so Dispose and Resize refuse
// (InvalidOperationException) until it is disposed. Prints
// "sum of 1048576 bytes: 133693440"; on failure "view_sum: " and the error,
// with exit status 1.
using System;
using Mmf;

static class ViewSum {
  static unsafe int Main() {
    const int size = 1 << 20;
    try {
      using (MappedFile mm = MappedFile.Anonymous(size)) {
        byte[] page = new byte[4096];
        for (int k = 0; k < page.Length; k++) page[k] = (byte)k; // 0..255 repeated
        for (int k = 0; k < size / page.Length; k++) mm.Write(page);
        long sum = 0;
        using (View v = mm.CreateView()) {
#if MMF_SPAN
          ReadOnlySpan<byte> b = v.ReadOnlySpan;
          for (int k = 0; k < b.Length; k++) sum += b[k];
#else
          byte* p = v.Pointer;
          for (long k = 0; k < v.Length; k++) sum += p[k];
#endif
        }
        Console.WriteLine("sum of " + mm.Length + " bytes: " + sum);
      }
      return 0;
    } catch (Exception e) {
      Console.WriteLine("view_sum: " + e);
      return 1;
    }
  }
}
