//! The first example of Python's mmap documentation, through the safe `mmf`
//! crate:
//!
//! ```python
//! with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
//! with open("hello.txt", "r+b") as f:
//!     mm = mmap.mmap(f.fileno(), 0)
//!     print(mm.readline())   # prints "Hello Python!"
//!     print(mm[:5])          # prints "Hello"
//!     mm[6:] = b" world!\n"
//!     mm.seek(0)
//!     print(mm.readline())   # prints "Hello  world!"
//!     mm.close()
//! ```
//!
//! As in Python, " world!\n" replaces "Python!\n" from index 6, after the
//! space, so the last line has two spaces. The file lives in a fresh
//! directory under the temp dir, removed at the end; on failure the program
//! prints "hello: <error>" and exits with status 1.

use std::io::{BufRead, Seek, SeekFrom};
use std::process::ExitCode;

fn run(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join("hello.txt");
    std::fs::write(&path, b"Hello Python!\n")?;

    let mut mm = mmf::Mmap::open(&path)?;
    let mut line = String::new();
    mm.read_line(&mut line)?;
    print!("{line}");
    let mut five = [0u8; 5];
    mm.read_at(&mut five, 0)?;
    println!("{}", String::from_utf8_lossy(&five));
    mm.write_at(b" world!\n", 6)?;
    mm.seek(SeekFrom::Start(0))?;
    line.clear();
    mm.read_line(&mut line)?;
    print!("{line}");
    mm.close()?;
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::temp_dir().join(format!("mmf-hello-rust-{}", std::process::id()));
    let result = std::fs::create_dir(&dir)
        .map_err(Into::into)
        .and_then(|()| run(&dir));
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hello: {e}");
            ExitCode::FAILURE
        }
    }
}
