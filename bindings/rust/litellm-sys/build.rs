//! Finds liblitellm and tells Cargo how to link it.
//!
//! Order of precedence:
//!
//! 1. `LITELLM_LIB_DIR` — the directory holding `liblitellm.so` (`.dylib`, `litellm.dll`),
//!    e.g. `/path/to/artifacts/lib`.
//! 2. `pkg-config --libs-only-L litellm` (honours `PKG_CONFIG_PATH`; the build ships
//!    `artifacts/lib/pkgconfig/litellm.pc`).
//! 3. Otherwise the build fails with a message saying what to set.
//!
//! An rpath to the directory is added for this crate's own tests and examples, and the
//! directory is published to dependent build scripts as `DEP_LITELLM_LIB_DIR`, so that the
//! safe `litellm` crate can add the same rpath to its own tests and pass it on.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LITELLM_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_SYSROOT_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG");

    let dir = match env::var_os("LITELLM_LIB_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if !dir.is_dir() {
                panic!(
                    "\n\nLITELLM_LIB_DIR={} is not a directory.\n\
                     Point it at the directory that holds liblitellm (e.g. <repo>/artifacts/lib).\n\n",
                    dir.display()
                );
            }
            dir
        }
        None => match from_pkg_config() {
            Ok(dir) => dir,
            Err(why) => panic!(
                "\n\nliblitellm was not found ({why}).\n\
                 Set LITELLM_LIB_DIR to the directory that holds liblitellm, e.g.\n\
                 \n    LITELLM_LIB_DIR=/path/to/liblitellm/artifacts/lib cargo build\n\n\
                 or make `pkg-config litellm` work, e.g.\n\
                 \n    PKG_CONFIG_PATH=/path/to/liblitellm/artifacts/lib/pkgconfig cargo build\n\n"
            ),
        },
    };

    // An absolute, normalised path: it ends up in the rpath of binaries.
    let dir = dir.canonicalize().unwrap_or(dir);
    let dir_str = dir.display().to_string();

    if !library_present(&dir) {
        println!("cargo:warning=liblitellm was not found in {dir_str}; linking will probably fail");
    }

    println!("cargo:rustc-link-search=native={dir_str}");
    println!("cargo:rustc-link-lib=dylib=litellm");
    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os != "windows" {
        // Only reaches this package's own tests/examples/binaries; see the module doc.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir_str}");
    }
    // Metadata for dependents: DEP_LITELLM_LIB_DIR.
    println!("cargo:lib_dir={dir_str}");
    println!("cargo:rerun-if-changed={dir_str}");
}

/// Runs `pkg-config --libs-only-L litellm` and returns the first `-L` directory.
fn from_pkg_config() -> Result<PathBuf, String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output = Command::new(&program)
        .args(["--libs-only-L", "litellm"])
        .output()
        .map_err(|e| format!("LITELLM_LIB_DIR is not set and `{program}` could not be run: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "LITELLM_LIB_DIR is not set and `{program} --libs-only-L litellm` failed: {}",
            stderr.trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .split_whitespace()
        .find_map(|arg| arg.strip_prefix("-L"))
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "LITELLM_LIB_DIR is not set and `{program} --libs-only-L litellm` printed no -L directory"
            )
        })
}

fn library_present(dir: &Path) -> bool {
    ["liblitellm.so", "liblitellm.dylib", "litellm.dll", "litellm.lib"]
        .iter()
        .any(|name| dir.join(name).exists())
}
