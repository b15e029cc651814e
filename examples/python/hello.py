"""The standard mmap documentation's first example, unchanged but for the
import: mmf is a drop-in for mmap. Runs in a fresh temporary directory."""
import os
import tempfile

import mmf as mmap

os.chdir(tempfile.mkdtemp(prefix="mmf-example-"))

# write a simple example file
with open("hello.txt", "wb") as f:
    f.write(b"Hello Python!\n")

with open("hello.txt", "r+b") as f:
    # memory-map the file, size 0 means whole file
    mm = mmap.mmap(f.fileno(), 0)
    # read content via standard file methods
    print(mm.readline().decode(), end="")  # prints "Hello Python!"
    # read content via slice notation
    print(mm[:5].decode())  # prints "Hello"
    # update content using slice notation;
    # note that new content must have same size
    mm[6:] = b" world!\n"
    # ... and read again using standard file methods
    mm.seek(0)
    print(mm.readline().decode(), end="")  # prints "Hello  world!"
    # close the map
    mm.close()

os.remove("hello.txt")
os.rmdir(os.getcwd())
