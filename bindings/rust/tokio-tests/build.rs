//! Adds an rpath to liblitellm's directory to the test binaries, so they run without
//! LD_LIBRARY_PATH (the same three lines an application would use; see examples/rust).
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_LITELLM_RS_LIB_DIR");
    if let Ok(dir) = std::env::var("DEP_LITELLM_RS_LIB_DIR") {
        println!("cargo:rustc-link-arg-tests=-Wl,-rpath,{dir}");
    }
}
