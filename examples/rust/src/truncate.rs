//! What makes a safe file-backed map possible: another handle truncates the
//! file while four threads share the map, and every thread gets
//! `Error::Fault` instead of the process dying of SIGBUS. A resize brings
//! the map back.
//!
//! Prints "truncate: <error>" and exits with status 1 on an unexpected result.

use std::process::ExitCode;
use std::sync::Arc;

fn run(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join("data.bin");
    let page = mmf::page_size();
    let map = Arc::new(
        mmf::MmapOptions::new()
            .create(true)
            .len(4 * page)
            .open(&path)?,
    );
    map.write_at(b"needle", 3 * page)?;
    println!("found the needle at {:?}", map.find(b"needle", ..)?);

    // Another handle (it could be another process) cuts the file to nothing.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)?
        .set_len(0)?;

    let threads: Vec<_> = (0..4)
        .map(|t| {
            let map = Arc::clone(&map);
            std::thread::spawn(move || {
                let mut buf = [0u8; 6];
                map.read_at(&mut buf, t * page)
            })
        })
        .collect();
    for t in threads {
        match t.join().expect("thread panicked") {
            Err(mmf::Error::Fault(_)) => {}
            other => return Err(format!("expected a fault, got {other:?}").into()),
        }
    }
    println!("4 threads read the truncated map: 4 x Error::Fault, no SIGBUS");
    println!(
        "length still known: {} bytes; file size now {}",
        map.len(),
        map.file_size()?
    );

    map.resize(page)?;
    map.write_at(b"alive", 0)?;
    let mut buf = [0u8; 5];
    map.read_at(&mut buf, 0)?;
    println!("after resize: {}", String::from_utf8_lossy(&buf));
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::temp_dir().join(format!("mmf-truncate-rust-{}", std::process::id()));
    let result = std::fs::create_dir(&dir)
        .map_err(Into::into)
        .and_then(|()| run(&dir));
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("truncate: {e}");
            ExitCode::FAILURE
        }
    }
}
