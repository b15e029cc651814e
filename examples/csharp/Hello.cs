// The first example of Python's mmap documentation, through the C# binding:
//
//   with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
//   with open("hello.txt", "r+b") as f:
//       mm = mmap.mmap(f.fileno(), 0)
//       print(mm.readline())   # prints "Hello Python!"
//       print(mm[:5])          # prints "Hello"
//       mm[6:] = b" world!\n"
//       mm.seek(0)
//       print(mm.readline())   # prints "Hello  world!"
//       mm.close()
//
// As in Python, " world!\n" replaces "Python!\n" from index 6, after the space
// at index 5, so the last line has two spaces. The file lives in a fresh
// temporary directory, removed at the end. On failure the program prints
// "hello: " and the error, and exits with status 1.
using System;
using System.IO;
using System.Text;
using Mmf;

static class Hello {
  static void Print(byte[] line) {
    string s = Encoding.UTF8.GetString(line);
    Console.Write(s.EndsWith("\n", StringComparison.Ordinal) ? s : s + "\n");
  }

  static int Main() {
    string dir = Path.Combine(Path.GetTempPath(), "mmf-hello-" + Guid.NewGuid().ToString("N"));
    try {
      Directory.CreateDirectory(dir);
      string file = Path.Combine(dir, "hello.txt");
      // write a simple example file
      File.WriteAllBytes(file, Encoding.ASCII.GetBytes("Hello Python!\n"));

      // memory-map the whole file; `using` disposes (unmaps) it
      using (MappedFile mm = MappedFile.Open(file)) {
        Print(mm.ReadLine()); // prints "Hello Python!"
        Print(mm.Read(0, 5)); // mm[:5]: prints "Hello"
        mm.Write(6, Encoding.ASCII.GetBytes(" world!\n")); // mm[6:] = b" world!\n"
        mm.Seek(0, SeekOrigin.Begin);
        Print(mm.ReadLine()); // prints "Hello  world!"
      }
      return 0;
    } catch (Exception e) {
      IMmfError me = e as IMmfError;
      Console.WriteLine("hello: " + e.Message + (me != null ? " [" + me.Status + "]" : ""));
      return 1;
    } finally {
      try {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
      } catch (IOException e) {
        Console.WriteLine("hello: cannot remove " + dir + ": " + e.Message);
      }
    }
  }
}
