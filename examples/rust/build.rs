// Optional: embeds an rpath to the directory of liblitellm that the binding found, so the
// program runs without LD_LIBRARY_PATH. (Cargo passes a dependency's link arguments to no
// one else's binaries, so each program that wants the rpath adds it itself.)
fn main() {
    if let Ok(dir) = std::env::var("DEP_LITELLM_RS_LIB_DIR") {
        println!("cargo:rustc-link-arg-bins=-Wl,-rpath,{dir}");
    }
}
