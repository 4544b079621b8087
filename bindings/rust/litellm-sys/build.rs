//! Finds liblitellm and tells Cargo how to link it.
//!
//! Order of precedence:
//!
//! 1. `LITELLM_LIB_DIR` — the directory holding `liblitellm.so` (`.dylib`, `litellm.dll`),
//!    e.g. `/path/to/artifacts/lib`.
//! 2. `pkg-config --libs-only-L litellm` (honours `PKG_CONFIG_PATH`; the build ships
//!    `artifacts/lib/pkgconfig/litellm.pc`).
//! 3. Inside a checkout of liblitellm (this crate at `<repo>/bindings/rust/litellm-sys`), the
//!    checkout's `<repo>/artifacts/lib`, where `./build.sh` puts the library.
//! 4. Otherwise the build stops with one paragraph saying what to set (no panic, no backtrace).
//!
//! An rpath to the directory is added for this crate's own tests and examples, and the
//! directory is published to dependent build scripts as `DEP_LITELLM_LIB_DIR`, so that the
//! safe `litellm` crate can add the same rpath to its own tests and pass it on.
//!
//! With the `static` feature the crate links `liblitellm.a` from that directory instead, and
//! the system libraries it needs, read from `Libs.private` of the `pkgconfig/litellm.pc`
//! beside it (or from `pkg-config --static`): the program needs no `liblitellm.so` at run
//! time, so no rpath is added and no directory is published.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LITELLM_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_SYSROOT_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG");

    let dir = match find() {
        Ok(dir) => dir,
        Err(why) => {
            // A panic would print "thread 'main' panicked at build.rs" and a backtrace hint
            // around the message; this prints the message alone, under Cargo's "--- stderr".
            eprintln!("\n{why}\n");
            process::exit(1);
        }
    };

    // An absolute, normalised path: it ends up in the rpath of binaries.
    let dir = dir.canonicalize().unwrap_or(dir);
    let dir_str = dir.display().to_string();

    if env::var_os("CARGO_FEATURE_STATIC").is_some() {
        if let Err(why) = link_static(&dir) {
            eprintln!("\n{why}\n");
            process::exit(1);
        }
        return;
    }

    if !library_present(&dir) {
        println!("cargo:warning=liblitellm was not found in {dir_str}; linking will probably fail");
    }

    println!("cargo:rustc-link-search=native={dir_str}");
    println!("cargo:rustc-link-lib=dylib=litellm");
    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os != "windows" {
        // Reaches only this package's own tests/examples; see the module doc.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir_str}");
    }
    // Metadata for dependents: DEP_LITELLM_LIB_DIR.
    println!("cargo:lib_dir={dir_str}");
    println!("cargo:rerun-if-changed={dir_str}");
}

/// The directory of liblitellm, or the message to stop the build with.
fn find() -> Result<PathBuf, String> {
    if let Some(dir) = env::var_os("LITELLM_LIB_DIR").filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        if !dir.is_dir() {
            return Err(format!(
                "litellm-sys: LITELLM_LIB_DIR={} is not a directory. Point it at the directory \
                 that holds liblitellm.so (in a checkout of liblitellm, <repo>/artifacts/lib, \
                 filled by ./build.sh).",
                dir.display()
            ));
        }
        return Ok(dir);
    }
    let pkg_config = match from_pkg_config() {
        Ok(dir) => return Ok(dir),
        Err(why) => why,
    };
    let checkout = checkout_lib_dir();
    if let Some(dir) = &checkout {
        println!("cargo:rerun-if-changed={}", dir.display());
        if library_present(dir) {
            return Ok(dir.clone());
        }
    }
    let mut message = String::from(
        "litellm-sys: cannot find liblitellm, the native library this crate links to. Set \
         LITELLM_LIB_DIR to the directory that holds liblitellm.so (e.g. \
         LITELLM_LIB_DIR=/path/to/liblitellm/artifacts/lib cargo build), or make \
         `pkg-config litellm` find it (e.g. \
         PKG_CONFIG_PATH=/path/to/liblitellm/artifacts/lib/pkgconfig); ",
    );
    match checkout {
        Some(dir) => message.push_str(&format!(
            "this crate is inside a checkout of liblitellm, but {} has no library yet: run \
             ./build.sh at the top of the checkout first. ",
            dir.display()
        )),
        None => message.push_str(
            "in a checkout of liblitellm, ./build.sh builds the library into artifacts/lib \
             and this crate then finds it there by itself. ",
        ),
    }
    message.push_str(&format!("(pkg-config: {pkg_config}.)"));
    Err(message)
}

/// `<repo>/artifacts/lib` when this crate sits at `<repo>/bindings/rust/litellm-sys` of a
/// liblitellm checkout (recognised by its `src/Interop.Headers/litellm.h`).
fn checkout_lib_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let repo = manifest.parent()?.parent()?.parent()?;
    if !repo.join("src/Interop.Headers/litellm.h").is_file() {
        return None;
    }
    Some(repo.join("artifacts").join("lib"))
}

/// Runs `pkg-config --libs-only-L litellm` and returns the first `-L` directory.
fn from_pkg_config() -> Result<PathBuf, String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output = Command::new(&program)
        .args(["--libs-only-L", "litellm"])
        .output()
        .map_err(|e| format!("`{program}` could not be run: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no output");
        let first = first.trim_end_matches('.');
        return Err(format!("`{program} --libs-only-L litellm` failed: {first}"));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .split_whitespace()
        .find_map(|arg| arg.strip_prefix("-L"))
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| format!("`{program} --libs-only-L litellm` printed no -L directory"))
}

/// The `static` feature: `liblitellm.a` from `dir`, then the system libraries it needs.
fn link_static(dir: &Path) -> Result<(), String> {
    if !dir.join("liblitellm.a").is_file() {
        return Err(format!(
            "litellm-sys: the `static` feature links liblitellm.a, and {} has none. A build of \
             liblitellm puts it beside the shared library (./build.sh fills artifacts/lib); \
             point LITELLM_LIB_DIR at that directory.",
            dir.display()
        ));
    }
    let flags = static_system_libraries(dir)?;
    // The archive is copied into this crate's rlib: a new build of it must rebuild the crate.
    println!("cargo:rerun-if-changed={}", dir.join("liblitellm.a").display());
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=static=litellm");
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        if let Some(lib) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=dylib={lib}");
        } else if let Some(path) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={path}");
        } else if flag == "-framework" {
            if let Some(name) = flags.next() {
                println!("cargo:rustc-link-lib=framework={name}");
            }
        } else if flag == "-pthread" {
            println!("cargo:rustc-link-lib=dylib=pthread");
        }
    }
    Ok(())
}

/// The system libraries liblitellm.a needs, as linker flags: `Libs.private` of
/// `<dir>/pkgconfig/litellm.pc`, else what `pkg-config --static --libs litellm` adds to
/// `-llitellm`.
fn static_system_libraries(dir: &Path) -> Result<Vec<String>, String> {
    let pc = dir.join("pkgconfig").join("litellm.pc");
    println!("cargo:rerun-if-changed={}", pc.display());
    if let Ok(text) = std::fs::read_to_string(&pc) {
        if let Some(line) = text.lines().find_map(|l| l.strip_prefix("Libs.private:")) {
            return Ok(line.split_whitespace().map(str::to_string).collect());
        }
        return Err(format!("litellm-sys: {} has no Libs.private line", pc.display()));
    }
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output =
        Command::new(&program).args(["--static", "--libs", "litellm"]).output().map_err(|e| {
            format!(
                "litellm-sys: {} is missing and `{program}` could not be run: {e}",
                pc.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "litellm-sys: the `static` feature needs the system libraries of liblitellm.a, listed \
             in litellm.pc; {} is missing and `{program} --static --libs litellm` failed.",
            pc.display()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter(|f| *f != "-llitellm" && !f.starts_with("-L"))
        .map(str::to_string)
        .collect())
}

fn library_present(dir: &Path) -> bool {
    ["liblitellm.so", "liblitellm.dylib", "litellm.dll", "litellm.lib"]
        .iter()
        .any(|name| dir.join(name).exists())
}
