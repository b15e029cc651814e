"""What mmf adds to the mmap model: another process truncates the file
under the map. The standard mmap module would die of SIGBUS here; mmf raises
mmf.FaultError (an OSError), and resize() makes the map usable again."""
import os
import subprocess
import sys
import tempfile

import mmf

path = os.path.join(tempfile.mkdtemp(prefix="mmf-example-"), "data.bin")
with open(path, "wb") as f:
    f.write(b"x" * 8192)

with open(path, "r+b") as f:
    mm = mmf.mmap(f.fileno(), 0)
subprocess.run([sys.executable, "-c", "import os, sys; os.truncate(sys.argv[1], 0)", path], check=True)
try:
    mm[:10]
    print("truncate: the read succeeded, which it cannot after a truncation")
    sys.exit(1)
except OSError as e:
    print("truncated under the map: %s" % type(e).__name__)
mm.resize(8192)
mm[:6] = b"again\n"
print("after resize: %r" % mm.readline())
mm.close()
os.remove(path)
os.rmdir(os.path.dirname(path))
