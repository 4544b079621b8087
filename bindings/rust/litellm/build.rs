//! Adds an rpath to liblitellm's directory for this crate's own tests and examples, so
//! `cargo test` runs without LD_LIBRARY_PATH, and passes the directory on to dependents as
//! `DEP_LITELLM_RS_LIB_DIR`. (A build script's link arguments reach only its own package's
//! binaries, so each level has to pass the directory on explicitly.)
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_LITELLM_LIB_DIR");
    if let Ok(dir) = std::env::var("DEP_LITELLM_LIB_DIR") {
        if std::env::var("CARGO_CFG_TARGET_OS").map_or(true, |os| os != "windows") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
        }
        println!("cargo:lib_dir={dir}");
    }
}
