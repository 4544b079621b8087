#!/usr/bin/env bash
# Builds the Rust binding of liblitellm, builds examples/rust and runs it once against the fake
# server, checks how the build finds the library (no configuration inside the checkout; one
# paragraph, no panic, where there is none) and the README's rpath recipe (a throwaway
# application's cargo run and cargo test), then runs the binding's tests, and last the async tests on tokio (tokio-tests/, with
# tokio from Debian's librust-tokio-dev, installed with apt-get when missing; when it cannot be
# installed those tests are skipped with a "SKIPPED: tokio tests" line).
#
#   bash bindings/rust/test.sh [ARTIFACTS_DIR] [FAKE_SERVER_DLL]
#
# ARTIFACTS_DIR    the build's artifacts/ (holds lib/liblitellm.so); default <repo>/artifacts
# FAKE_SERVER_DLL  tests/FakeServer's FakeServer.dll; default the Release build under <repo>/tests
#
# Exits non-zero when anything fails (or when cargo/dotnet are missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
artifacts="${1:-$repo/artifacts}"
fake_dll="${2:-$repo/tests/FakeServer/bin/Release/net10.0/FakeServer.dll}"

say() { printf '== rust: %s\n' "$*"; }
die() { printf 'rust binding: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null 2>&1 \
  || die "cargo not found on PATH. Install a Rust toolchain (https://rustup.rs, or your distribution's cargo package) to build and test bindings/rust."
command -v dotnet >/dev/null 2>&1 \
  || die "dotnet not found on PATH; it is needed to run the fake server ($fake_dll) the tests talk to."

[ -d "$artifacts" ] || die "artifacts directory not found: $artifacts (run ./build.sh first, or pass it as \$1)"
artifacts="$(cd "$artifacts" && pwd)"
lib_dir="$artifacts/lib"
found=""
for f in "$lib_dir"/liblitellm.so "$lib_dir"/liblitellm.dylib "$lib_dir"/litellm.dll; do
  [ -f "$f" ] && found="$f"
done
[ -n "$found" ] || die "liblitellm not found in $lib_dir"
[ -f "$fake_dll" ] || die "fake server not found: $fake_dll (pass it as \$2)"
fake_dll="$(cd "$(dirname "$fake_dll")" && pwd)/$(basename "$fake_dll")"

export LITELLM_LIB_DIR="$lib_dir"
export PKG_CONFIG_PATH="$lib_dir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LITELLM_FAKE_SERVER_DLL="$fake_dll"
# Prove the rpath works: nothing may come from LD_LIBRARY_PATH.
unset LD_LIBRARY_PATH

say "$(cargo --version), LITELLM_LIB_DIR=$LITELLM_LIB_DIR"

say "build bindings/rust"
(cd "$here" && cargo build --offline --workspace --all-targets)

say "build examples/rust"
(cd "$repo/examples/rust" && cargo build --offline)

say "run examples/rust against the fake server"
tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
dotnet "$fake_dll" --port-file "$tmp/port" --ignore-stdin >"$tmp/server.out" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 1 300); do
  [ -s "$tmp/port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.out" >&2; die "fake server exited early"; }
  sleep 0.1
done
[ -s "$tmp/port" ] || die "fake server did not start (no port file after 30 s)"
LITELLM_BASE_URL="http://127.0.0.1:$(cat "$tmp/port")" LITELLM_API_KEY="" LITELLM_MODEL=echo \
  "$repo/examples/rust/target/debug/litellm-example"
cleanup
server_pid=""
trap - EXIT

# --- finding the library, and the README's rpath recipe ------------------------------------------
checks="$(mktemp -d)"
trap 'rm -rf "$checks"' EXIT

if [ "$artifacts" = "$repo/artifacts" ]; then
  say "build litellm-sys with no configuration (it finds the checkout's artifacts/lib)"
  (cd "$here" && env -u LITELLM_LIB_DIR -u PKG_CONFIG_PATH CARGO_TARGET_DIR="$checks/target-plain" \
     cargo build --offline -q -p litellm-sys)
  grep -qx "cargo:lib_dir=$lib_dir" "$checks"/target-plain/debug/build/litellm-sys-*/output \
    || die "litellm-sys without configuration did not pick $lib_dir"
else
  say "skipping the no-configuration build: $artifacts is not this checkout's artifacts/"
fi

if env -u PKG_CONFIG_PATH pkg-config --exists litellm 2>/dev/null; then
  say "skipping the no-library message check: pkg-config finds an installed litellm"
else
  say "build litellm-sys where there is no library: one paragraph, no panic"
  mkdir -p "$checks/nolib"
  cp "$here/Cargo.toml" "$checks/nolib/"
  cp -r "$here/litellm-sys" "$here/litellm" "$checks/nolib/"
  rm -rf "$checks/nolib/litellm-sys/target" "$checks/nolib/litellm/target"
  if (cd "$checks/nolib" && env -u LITELLM_LIB_DIR -u PKG_CONFIG_PATH \
        cargo build --offline -q -p litellm-sys) >"$checks/nolib.out" 2>&1; then
    die "litellm-sys built with no library anywhere"
  fi
  if grep -q "panicked" "$checks/nolib.out" || ! grep -q "LITELLM_LIB_DIR" "$checks/nolib.out" \
     || ! grep -q "./build.sh" "$checks/nolib.out" || ! grep -q "pkg-config" "$checks/nolib.out"; then
    cat "$checks/nolib.out" >&2
    die "the message of a build without the library is not the expected paragraph"
  fi
fi

say "an application with the README's build.rs: cargo run and its own cargo test find the library"
mkdir -p "$checks/app/src" "$checks/app/tests"
cat >"$checks/app/Cargo.toml" <<TOML
[package]
name = "rpath-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
litellm = { path = "$here/litellm" }

[workspace]
TOML
cat >"$checks/app/build.rs" <<'RS'
fn main() {
    if let Ok(dir) = std::env::var("DEP_LITELLM_RS_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
RS
cat >"$checks/app/src/main.rs" <<'RS'
fn main() {
    println!("liblitellm {}", litellm::version());
}

#[test]
fn unit_test_loads_the_library() {
    assert!(!litellm::version().is_empty());
}
RS
cat >"$checks/app/tests/it.rs" <<'RS'
#[test]
fn integration_test_loads_the_library() {
    assert_eq!(litellm::abi_version(), litellm::ABI_VERSION);
}
RS
(cd "$checks/app" && cargo run --offline -q && cargo test --offline -q)

# 1,000 calls in flight at once need 1,000 sockets, plus the fake server's.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
  ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

say "test bindings/rust"
(cd "$here" && cargo test --offline --workspace)

# --- the async API on tokio ------------------------------------------------------------------
# tokio-tests/ is a standalone, unpublished package whose .cargo/config.toml resolves crates.io
# from Debian's directory registry; the published crates never depend on tokio.
registry=/usr/share/cargo/registry
have_tokio() {
  compgen -G "$registry/tokio-1.*/Cargo.toml" >/dev/null \
    && compgen -G "$registry/tokio-macros-*/Cargo.toml" >/dev/null
}
tokio_missing=""
if ! have_tokio; then
  tokio_packages=(librust-tokio-dev librust-tokio-macros-dev)
  sudo=()
  if ! command -v apt-get >/dev/null 2>&1; then
    tokio_missing="there is no apt-get here"
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      tokio_missing="not root, and no password-less sudo to run apt-get"
    fi
  fi
  if [ -z "$tokio_missing" ]; then
    say "installing ${tokio_packages[*]} with apt-get (for the tokio tests)"
    if ! { "${sudo[@]}" apt-get update -qq \
           && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${tokio_packages[@]}" >/dev/null; }; then
      tokio_missing="apt-get install ${tokio_packages[*]} failed"
    elif ! have_tokio; then
      tokio_missing="${tokio_packages[*]} installed, but $registry has no tokio 1.x"
    fi
  fi
fi

if [ -n "$tokio_missing" ]; then
  printf '\n== rust: SKIPPED: tokio tests (no librust-tokio-dev: %s)\n' "$tokio_missing"
else
  say "test the async API on tokio ($(basename "$(compgen -G "$registry/tokio-1.*" | sort -V | tail -n1)") from $registry)"
  # The same target directory as the workspace, so that litellm is not built twice.
  (cd "$here/tokio-tests" && CARGO_TARGET_DIR="$here/target" cargo test --offline)
fi
