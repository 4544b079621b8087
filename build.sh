#!/usr/bin/env bash
# liblitellm build script.
#
#   ./build.sh          restore, build, publish into artifacts/, then run the C demo
#                       against a loopback stub server (no LiteLLM proxy needed)
#   ./build.sh test     build everything, then run every suite against loopback
#                       servers: xunit, the native C and CLI tests, the Rust and
#                       Go binding tests; ends with "tests: N passed, M failed"
#   ./build.sh test SUITE...  only those: managed, native, rust, go; quick is
#                       managed and native (the binding suites are the slow ones)
#   ./build.sh bench    build, then run the benchmark suite (bench/README.md)
#   ./build.sh bench scale  build, then run only the scale benchmark: 1,000 and 10,000
#                       concurrent streams per process (bench/scale/README.md)
#   ./build.sh clean    remove artifacts/ and every bin/ and obj/
#
# Environment: CONFIGURATION (default Release).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
ARTIFACTS="$ROOT/artifacts"
LOGS="$ARTIFACTS/logs"

say()  { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die()  { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Prerequisites: check, and install what a fresh Debian machine may lack.
# ---------------------------------------------------------------------------
apt_updated=0
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing: $* (install it with your package manager and re-run)"
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ "$apt_updated" -eq 0 ]; then
        note "apt-get update"
        $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
        apt_updated=1
    fi
    note "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null \
        || die "apt-get install $* failed"
}

need_tools() {
    command -v dotnet >/dev/null 2>&1 \
        || die "the .NET SDK (10 or later) is required: https://dot.net (dotnet not on PATH)"
    local sdk_major
    sdk_major="$(dotnet --version 2>/dev/null | cut -d. -f1)"
    [ "${sdk_major:-0}" -ge 10 ] || die "the .NET SDK 10 or later is required (found $(dotnet --version))"
    # The C compiler links the NativeAOT output and builds the native host tests.
    local missing=()
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc)
    command -v nm >/dev/null 2>&1 || missing+=(binutils)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v bc >/dev/null 2>&1 || missing+=(bc)
    # NativeAOT links against zlib.
    if command -v dpkg >/dev/null 2>&1 && ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
        missing+=(zlib1g-dev)
    fi
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

detect_rid() {
    local os arch
    case "$(uname -s)" in
        Linux)  os=linux ;;
        Darwin) os=osx ;;
        *) die "unsupported OS $(uname -s); on Windows use build.ps1" ;;
    esac
    case "$(uname -m)" in
        x86_64|amd64)  arch=x64 ;;
        aarch64|arm64) arch=arm64 ;;
        *) die "unsupported CPU $(uname -m)" ;;
    esac
    RID="$os-$arch"
    if [ "$os" = osx ]; then LIBFILE=liblitellm.dylib; AOTLIB=LiteLlmNative.dylib
    else LIBFILE=liblitellm.so; AOTLIB=LiteLlmNative.so; fi
}

# ---------------------------------------------------------------------------
# NativeAOT publish. The framework is net10.0 where its NativeAOT pack restores,
# else net9.0 (docs/building.md); one line says which. A plain restore does not ask for
# the NativeAOT runtime pack (only a publish does), so the first publish decides.
# ---------------------------------------------------------------------------
AOT_TFM=""
aot_publish() { # aot_publish PROJECT OUTDIR
    local project="$1" out="$2" log
    log="$LOGS/publish-$(basename "$project").log"
    local tfm="${AOT_TFM:-net10.0}"
    if ! dotnet publish "$project" -c "$CONFIGURATION" -f "$tfm" -r "$RID" \
            -p:LiteLlmAotTfm="$tfm" -o "$out" >"$log" 2>&1; then
        if [ -z "$AOT_TFM" ] && grep -qE "NU110[0-9].*(NativeAOT|ILCompiler)" "$log"; then
            AOT_TFM=net9.0
            say "NativeAOT: the .NET 10 NativeAOT pack for $RID is not on this machine's package source; publishing for net9.0 instead"
            aot_publish "$project" "$out"
            return
        fi
        cat "$log" >&2
        die "publish of $project failed"
    fi
    if [ -z "$AOT_TFM" ]; then
        AOT_TFM="$tfm"
        say "NativeAOT: $tfm"
    fi
    # Any warning (IL trim/AOT analysis or other) fails the build.
    if grep -E ": warning [A-Z]+[0-9]+" "$log" >/dev/null; then
        grep -E ": warning [A-Z]+[0-9]+" "$log" | sort -u >&2
        die "publish of $project printed warnings (treated as errors)"
    fi
}

build_all() {
    need_tools
    detect_rid
    mkdir -p "$LOGS"
    say "build ($CONFIGURATION)"
    dotnet build LiteLlmNative.sln -c "$CONFIGURATION" -nologo -v quiet >"$LOGS/build.log" 2>&1 \
        || { cat "$LOGS/build.log" >&2; die "build failed"; }

    say "publish liblitellm ($RID)"
    aot_publish src/LiteLlmNative "$ARTIFACTS/obj/lib"
    say "publish litellm CLI ($AOT_TFM, $RID)"
    aot_publish src/LiteLlmNative.Cli "$ARTIFACTS/obj/cli"

    mkdir -p "$ARTIFACTS/lib/pkgconfig" "$ARTIFACTS/include" "$ARTIFACTS/bin"
    place "$ARTIFACTS/obj/lib/$AOTLIB" "$ARTIFACTS/lib/$LIBFILE"
    place "$ARTIFACTS/obj/cli/litellm" "$ARTIFACTS/bin/litellm"
    place src/Interop.Headers/litellm.h "$ARTIFACTS/include/litellm.h"
    sed "s/@VERSION@/$(lib_version)/" src/Interop.Headers/litellm.pc.in >"$ARTIFACTS/lib/pkgconfig/litellm.pc"
    note "artifacts/lib/$LIBFILE  $(du -h "$ARTIFACTS/lib/$LIBFILE" | cut -f1)"
    note "artifacts/bin/litellm     $(du -h "$ARTIFACTS/bin/litellm" | cut -f1)"
    note "artifacts/include/litellm.h, artifacts/lib/pkgconfig/litellm.pc"
}

# Copies by rename, so a process still running the old library keeps its own file.
place() { cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }

lib_version() { sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props; }

# ---------------------------------------------------------------------------
# The loopback stub server (tests/FakeServer), started and stopped by us.
# ---------------------------------------------------------------------------
FAKE_PID=""
start_fake_server() {
    local portfile
    portfile="$(mktemp)"
    dotnet "tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll" --port-file "$portfile" \
        >"$LOGS/fake-server.log" 2>&1 </dev/null &
    FAKE_PID=$!
    for _ in $(seq 1 100); do
        [ -s "$portfile" ] && break
        kill -0 "$FAKE_PID" 2>/dev/null || { cat "$LOGS/fake-server.log" >&2; die "the stub server did not start"; }
        sleep 0.1
    done
    [ -s "$portfile" ] || die "the stub server did not report its port"
    FAKE_URL="http://127.0.0.1:$(cat "$portfile")"
    rm -f "$portfile"
}
stop_fake_server() {
    if [ -n "$FAKE_PID" ]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
        FAKE_PID=""
    fi
}
trap stop_fake_server EXIT

compile_c() { # compile_c OUT SOURCE...
    local out="$1"; shift
    cc -std=c11 -Wall -Wextra -Werror -I"$ARTIFACTS/include" "$@" -o "$out" \
        -L"$ARTIFACTS/lib" -llitellm -Wl,-rpath,"$ARTIFACTS/lib"
}

run_demo() {
    say "demo: examples/c against a loopback stub server"
    mkdir -p "$ARTIFACTS/obj/demo"
    compile_c "$ARTIFACTS/obj/demo/example" examples/c/example.c
    start_fake_server
    # The proxy variables win over LITELLM_BASE_URL: unset them so the demo talks to the stub.
    env -u LITELLM_PROXY_API_BASE -u LITELLM_PROXY_API_KEY \
        LITELLM_BASE_URL="$FAKE_URL" LITELLM_API_KEY="" LITELLM_MODEL=echo "$ARTIFACTS/obj/demo/example"
    stop_fake_server
}

# ---------------------------------------------------------------------------
# Tests: managed (xunit), then native hosts against the published library.
# ---------------------------------------------------------------------------
# Runs one suite, adding its pass/fail counts to the totals; a suite that fails without
# saying how many of its tests failed counts as one failure.
TOTAL_PASSED=0; TOTAL_FAILED=0; FAILED_SUITES=()
count_suite() { # count_suite NAME PASSED FAILED EXIT_CODE
    TOTAL_PASSED=$((TOTAL_PASSED + ${2:-0}))
    local failed=${3:-0}
    if [ "$4" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    [ "$failed" -eq 0 ] || FAILED_SUITES+=("$1")
}

# One suite: its name, then the function that runs it; prints how long it took.
timed_suite() {
    local name="$1" started=$SECONDS
    "$2"
    note "$name: $((SECONDS - started)) s"
}

suite_managed() {
    local rc=0
    # The pattern engine's tests check it against Node's RegExp (any Node with \p{…}: 10+).
    command -v node >/dev/null 2>&1 || apt_install nodejs
    say "managed tests (xunit, net10.0)"
    dotnet test tests/LiteLlmNative.Tests -c "$CONFIGURATION" --no-build --nologo \
        --logger "console;verbosity=normal" >"$LOGS/xunit.log" 2>&1 || rc=$?
    grep -E "^\s+Failed [A-Z]|Error Message|^\s+(Total tests|Passed|Failed):" -A2 "$LOGS/xunit.log" | grep -v "^--" | head -60 || true
    count_suite xunit "$(sed -n 's/^ *Passed: *\([0-9]*\).*/\1/p' "$LOGS/xunit.log" | tail -1)" \
        "$(sed -n 's/^ *Failed: *\([0-9]*\).*/\1/p' "$LOGS/xunit.log" | tail -1)" "$rc"
}

suite_native() {
    local rc=0
    say "native host tests (C and CLI, against artifacts/lib/$LIBFILE)"
    bash tests/native/run.sh "$ARTIFACTS" "tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll" \
        2>&1 | tee "$LOGS/native.log" || rc=$?
    # The last "native:" line is run.sh's own summary (the C hosts print theirs before it).
    count_suite native "$(sed -n 's/^native: \([0-9]*\) passed.*/\1/p' "$LOGS/native.log" | tail -1)" \
        "$(sed -n 's/^native: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$LOGS/native.log" | tail -1)" "$rc"
}

suite_rust() {
    local rc=0 fake_dll="$ROOT/tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll"
    # The Rust toolchain: rustup's if there is one, else Debian's cargo package.
    if ! command -v cargo >/dev/null 2>&1; then
        if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"
        else apt_install cargo; fi
    fi
    say "Rust binding tests (cargo, bindings/rust)"
    bash bindings/rust/test.sh "$ARTIFACTS" "$fake_dll" >"$LOGS/rust.log" 2>&1 || rc=$?
    grep -E "^test result:|FAILED|panicked|^error(\[|:)" "$LOGS/rust.log" | head -40 || true
    count_suite rust \
        "$(sed -n 's/^test result: .* \([0-9]*\) passed.*/\1/p' "$LOGS/rust.log" | paste -sd+ - | bc)" \
        "$(sed -n 's/^test result: .* \([0-9]*\) failed.*/\1/p' "$LOGS/rust.log" | paste -sd+ - | bc)" "$rc"
}

suite_go() {
    local rc=0 fake_dll="$ROOT/tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll"
    say "Go binding tests (go test, bindings/go)"
    bash bindings/go/test.sh "$ARTIFACTS" "$fake_dll" >"$LOGS/go.log" 2>&1 || rc=$?
    grep -E "^(ok|FAIL|---)|panic:" "$LOGS/go.log" | grep -v -- "--- PASS" | head -40 || true
    count_suite go "$(grep -c -- "--- PASS" "$LOGS/go.log" || true)" "$(grep -c -- "--- FAIL" "$LOGS/go.log" || true)" "$rc"
}

# run_tests [SUITE...]: managed, native, rust, go; quick = managed and native; none = all.
run_tests() {
    local suites=("$@")
    [ "${#suites[@]}" -gt 0 ] || suites=(managed native rust go)
    local expanded=() s
    for s in "${suites[@]}"; do
        case "$s" in
            quick) expanded+=(managed native) ;;
            managed|native|rust|go) expanded+=("$s") ;;
            *) die "unknown test suite '$s' (managed, native, rust, go, quick)" ;;
        esac
    done
    for s in "${expanded[@]}"; do timed_suite "$s" "suite_$s"; done

    echo
    [ "${#FAILED_SUITES[@]}" -eq 0 ] || echo "failed suites: ${FAILED_SUITES[*]} (logs in artifacts/logs/)"
    echo "tests: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
    [ "$TOTAL_FAILED" -eq 0 ]
}
case "${1:-}" in
    "")
        build_all
        run_demo
        ;;
    test)
        shift
        build_all
        run_tests "$@"
        ;;
    bench)
        case "${2:-}" in
            "")
                build_all
                bash bench/run.sh "$ARTIFACTS"
                ;;
            scale)
                build_all
                bash bench/scale/run.sh "$ARTIFACTS"
                ;;
            *)
                die "unknown benchmark '$2' (try ./build.sh --help)"
                ;;
        esac
        ;;
    clean)
        rm -rf "$ARTIFACTS"
        find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
        ;;
    -h|--help|help)
        sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    *)
        die "unknown command '$1' (try ./build.sh --help)"
        ;;
esac
