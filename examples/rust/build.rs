// Optional: embeds an rpath to the directory of liblitellm that the binding found, so the
// program (and this package's own `cargo test`) runs without LD_LIBRARY_PATH. Cargo passes
// a dependency's link arguments to no one else's binaries, so each program that wants the
// rpath adds it itself. `rustc-link-arg`, not `rustc-link-arg-bins`: the latter misses the
// package's integration tests.
fn main() {
    if let Ok(dir) = std::env::var("DEP_LITELLM_RS_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
