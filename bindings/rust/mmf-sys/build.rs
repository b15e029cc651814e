//! Finds or builds libmmf and, with the `bindgen` feature, regenerates the
//! bindings.
//!
//! Where the library comes from, in order:
//! 1. `DOCS_RS` set (docs.rs, or `DOCS_RS=1 cargo doc`): nowhere. Documentation
//!    needs only the committed bindings, and docs.rs has no libmmf.
//! 2. The `bundled` feature: the core and the C ABI are compiled from source
//!    with the `cc` crate and linked statically (libsqlite3-sys's model). The
//!    sources are the repository's (`core/`, `capi/`) or, in a packaged crate,
//!    the copy in `native/` that `bindings/rust/package.sh` puts there.
//! 3. `MMF_LIB_DIR` (directory holding libmmf.so and/or libmmf.a) and
//!    `MMF_INCLUDE_DIR` (directory holding mmf.h, only read with the `bindgen`
//!    feature; default: the repository's `capi/include`).
//! 4. pkg-config (`mmf.pc`, installed with the library): honours
//!    `PKG_CONFIG_PATH` as usual.
//!
//! `MMF_STATIC=1` links libmmf.a, `MMF_STATIC=0` libmmf.so. Unset, a library
//! from `MMF_LIB_DIR` is linked statically when libmmf.a is there (so that the
//! program runs without `LD_LIBRARY_PATH`), and pkg-config's dynamically.
//!
//! The header directory is passed on to dependents as `DEP_MMF_INCLUDE`
//! (`links = "mmf"`).

use std::env;
use std::path::{Path, PathBuf};

fn main() {
    for var in [
        "MMF_LIB_DIR",
        "MMF_INCLUDE_DIR",
        "MMF_STATIC",
        "PKG_CONFIG_PATH",
        "DOCS_RS",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/bindings.rs");

    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let sources = native_sources(&manifest);
    let header_dir = sources
        .as_ref()
        .map(|root| root.join("capi/include"))
        .unwrap_or_else(|| manifest.join("../../../capi/include"));

    let include_dirs: Vec<PathBuf> = if env::var_os("DOCS_RS").is_some() {
        vec![header_dir]
    } else if cfg!(feature = "bundled") {
        let root = sources.unwrap_or_else(|| {
            panic!(
                "\nmmf-sys: the `bundled` feature needs the C++ sources, and neither {} nor the \
                 repository's core/ and capi/ are there.\n",
                manifest.join("native").display()
            )
        });
        build_bundled(&root);
        vec![header_dir]
    } else if let Some(lib_dir) = env::var_os("MMF_LIB_DIR") {
        let lib_dir = PathBuf::from(lib_dir);
        if !lib_dir.is_dir() {
            panic!("MMF_LIB_DIR={} is not a directory", lib_dir.display());
        }
        println!("cargo:rustc-link-search=native={}", lib_dir.display());
        // A rebuilt library must relink what links it (statically, the old
        // code would stay in the program).
        for name in ["libmmf.a", "libmmf.so"] {
            if lib_dir.join(name).exists() {
                println!("cargo:rerun-if-changed={}", lib_dir.join(name).display());
            }
        }
        let has_archive = lib_dir.join("libmmf.a").is_file();
        match static_wanted() {
            Some(true) if !has_archive => panic!(
                "MMF_STATIC=1 but {} has no libmmf.a (configure with -DMMF_BUILD_STATIC=ON)",
                lib_dir.display()
            ),
            Some(true) => link_static(),
            None if has_archive => link_static(),
            _ => println!("cargo:rustc-link-lib=dylib=mmf"),
        }
        vec![env::var_os("MMF_INCLUDE_DIR")
            .map(PathBuf::from)
            .unwrap_or(header_dir)]
    } else {
        let statik = static_wanted() == Some(true);
        match pkg_config::Config::new()
            .atleast_version("1.0")
            .statik(statik)
            .cargo_metadata(!statik)
            .probe("mmf")
        {
            Ok(lib) => {
                if statik {
                    for dir in &lib.link_paths {
                        println!("cargo:rustc-link-search=native={}", dir.display());
                    }
                    link_static();
                }
                let mut dirs = lib.include_paths;
                if let Some(dir) = env::var_os("MMF_INCLUDE_DIR") {
                    dirs.insert(0, PathBuf::from(dir));
                }
                dirs
            }
            Err(e) => panic!(
                "\nmmf-sys: cannot find libmmf.\n\
                 Either enable the `bundled` feature (compiles libmmf from source; needs only a \
                 C++20 compiler), or install it so that `pkg-config --libs mmf` works (set \
                 PKG_CONFIG_PATH to <prefix>/lib/pkgconfig for a non-standard prefix), or point \
                 MMF_LIB_DIR at the directory holding libmmf.so or libmmf.a (and MMF_INCLUDE_DIR \
                 at the one holding mmf.h).\n\
                 pkg-config said: {e}\n"
            ),
        }
    };
    if let Some(dir) = include_dirs.first() {
        println!("cargo:include={}", dir.display());
    }
    generate(&include_dirs);
}

/// `MMF_STATIC`: `Some(true)` for 1/true/yes, `Some(false)` for 0/false/no.
fn static_wanted() -> Option<bool> {
    let v = env::var("MMF_STATIC").ok()?;
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" | "" => Some(false),
        other => panic!("MMF_STATIC={other}: expected 1 or 0"),
    }
}

/// libmmf.a and what it needs (mmf.pc's `Libs.private`: the C++ runtime).
fn link_static() {
    println!("cargo:rustc-link-lib=static=mmf");
    println!("cargo:rustc-link-lib=dylib=stdc++");
}

/// The root holding `core/src` and `capi/`: the packaged copy in `native/`,
/// else the repository this crate sits in (bindings/rust/mmf-sys).
fn native_sources(manifest: &Path) -> Option<PathBuf> {
    [manifest.join("native"), manifest.join("../../..")]
        .into_iter()
        .find(|root| {
            root.join("core/src/map.cpp").is_file() && root.join("capi/src/mmf.cpp").is_file()
        })
}

#[cfg(feature = "bundled")]
fn build_bundled(root: &Path) {
    bundled::build(root);
}

#[cfg(not(feature = "bundled"))]
fn build_bundled(_root: &Path) {
    unreachable!("only called with the `bundled` feature");
}

#[cfg(feature = "bundled")]
mod bundled {
    //! Compiles the core and the C ABI as core/CMakeLists.txt and
    //! capi/CMakeLists.txt do. The CTest `rust.bundled` builds and tests the
    //! result, so a source file missing here fails there.
    use std::env;
    use std::fs;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    pub fn build(root: &Path) {
        let src = root.join("core/src");
        println!("cargo:rerun-if-changed={}", src.display());
        println!("cargo:rerun-if-changed={}", root.join("capi/src").display());
        println!(
            "cargo:rerun-if-changed={}",
            root.join("capi/include").display()
        );
        let os = env::var("CARGO_CFG_TARGET_OS").expect("CARGO_CFG_TARGET_OS");
        let arch = env::var("CARGO_CFG_TARGET_ARCH").expect("CARGO_CFG_TARGET_ARCH");
        let windows = os == "windows";
        let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
        let generated = out.join("generated");
        fs::create_dir_all(&generated).expect("cannot create OUT_DIR/generated");
        fs::write(generated.join("features.hpp"), features(&src, windows))
            .expect("cannot write features.hpp");

        let mut files: Vec<PathBuf> = fs::read_dir(&src)
            .expect("cannot list core/src")
            .map(|e| e.expect("core/src entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "cpp"))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                // The platform layer and fault guard come in a POSIX and a
                // Windows version; the search pool is POSIX only; the AVX2
                // search is compiled apart, with -mavx2.
                let win_only = name.ends_with("_win32.cpp");
                let posix_only = matches!(
                    name.as_str(),
                    "platform_posix.cpp" | "fault_guard.cpp" | "search_pool.cpp"
                );
                name != "search_avx2.cpp" && if windows { !posix_only } else { !win_only }
            })
            .collect();
        files.sort();
        files.push(root.join("capi/src/mmf.cpp"));

        let base = || {
            let mut b = cc::Build::new();
            b.cpp(true)
                .std("c++20")
                .include(&generated)
                .include(&src)
                .include(root.join("capi/include"))
                .define("MMF_BUILDING", None)
                .define("MMF_STATIC", None)
                .flag_if_supported("-fvisibility=hidden")
                .flag_if_supported("-fvisibility-inlines-hidden")
                .warnings(false);
            b
        };
        let mut lib = base();
        lib.files(&files);
        if arch == "x86_64" {
            let avx2 = base()
                .file(src.join("search_avx2.cpp"))
                .flag("-mavx2")
                .compile_intermediates();
            for obj in avx2 {
                lib.object(obj);
            }
            // The fault guard's fix-up routines: ELF, or PE/COFF with the
            // GNU assembler (config.hpp decides whether they are used).
            if os == "linux"
                || (windows && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu"))
            {
                lib.file(src.join("guard_x86_64.S"));
            }
        }
        if windows {
            println!("cargo:rustc-link-lib=dylib=advapi32");
        }
        lib.compile("mmf");
    }

    /// core/src/features.hpp.in, filled in by compiling the probe written
    /// before each fact there (the probes core/CMakeLists.txt runs).
    fn features(src: &Path, windows: bool) -> String {
        let template =
            fs::read_to_string(src.join("features.hpp.in")).expect("cannot read features.hpp.in");
        // One probe item: "header:symbol" (a function's address or a macro's
        // value compiles) or "header" (the header exists).
        let holds = |item: &str| match item.split_once(':') {
            Some((header, symbol)) => probe(&[
                format!("#include <{header}>\nvoid* p = (void*)&{symbol};\n"),
                format!("#include <{header}>\nlong v = (long){symbol};\n"),
            ]),
            None => probe(&[format!("#include <{item}>\n")]),
        };
        let mut text = String::new();
        let mut items: Option<&str> = None;
        for line in template.lines() {
            if let Some(p) = line.strip_prefix("// probe: ") {
                items = Some(p);
            }
            match line.strip_prefix("#cmakedefine01 ") {
                Some(name) => {
                    let items = items.take().unwrap_or_else(|| {
                        panic!("mmf-sys: features.hpp.in has no '// probe:' line before {name}")
                    });
                    let value = !windows && items.split_whitespace().all(holds);
                    text += &format!("#define {} {}\n", name.trim(), u8::from(value));
                }
                None => {
                    text += line;
                    text.push('\n');
                }
            }
        }
        text
    }

    /// Whether any of the C snippets compiles.
    fn probe(snippets: &[String]) -> bool {
        let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
        let compiler = cc::Build::new()
            .cargo_metadata(false)
            .warnings(false)
            .get_compiler();
        snippets.iter().enumerate().any(|(i, body)| {
            let file = out.join(format!("probe{i}.c"));
            fs::write(&file, format!("#define _GNU_SOURCE 1\n{body}"))
                .expect("cannot write a probe");
            let mut cmd: Command = compiler.to_command();
            cmd.arg("-fsyntax-only").arg(&file);
            cmd.output().map(|o| o.status.success()).unwrap_or(false)
        })
    }
}

#[cfg(feature = "bindgen")]
fn generate(include_dirs: &[PathBuf]) {
    let header = include_dirs
        .iter()
        .map(|d| d.join("mmf.h"))
        .find(|h| h.is_file())
        .unwrap_or_else(|| {
            panic!("mmf-sys: mmf.h not found in {include_dirs:?}; set MMF_INCLUDE_DIR")
        });
    println!("cargo:rerun-if-changed={}", header.display());
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("bindings.rs");
    bindings_builder(&header)
        .generate()
        .expect("bindgen failed on mmf.h")
        .write_to_file(&out)
        .expect("cannot write the generated bindings");
}

/// The one bindgen configuration: the committed src/bindings.rs is its output.
#[cfg(feature = "bindgen")]
fn bindings_builder(header: &std::path::Path) -> bindgen::Builder {
    bindgen::Builder::default()
        .header(header.to_string_lossy())
        .raw_line("// Generated by bindgen from capi/include/mmf.h; do not edit.")
        .raw_line("// Regenerate: see bindings/rust/README.md (\"Regenerating the bindings\").")
        .allowlist_function("mmf_.*")
        .allowlist_type("mmf_.*")
        .allowlist_var("MMF_.*")
        // The status and access enums are open (the ABI only grows), so they
        // are integer constants, never Rust enums a new value could break.
        .default_enum_style(bindgen::EnumVariation::Consts)
        .prepend_enum_name(false)
        .layout_tests(true)
        .derive_default(true)
        .use_core()
        .generate_cstr(true)
        // prettyplease, not rustfmt: the output must not depend on which
        // rustfmt is installed or on any rustfmt.toml around.
        .formatter(bindgen::Formatter::Prettyplease)
}

#[cfg(not(feature = "bindgen"))]
fn generate(_include_dirs: &[PathBuf]) {}
