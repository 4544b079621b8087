#!/usr/bin/env bash
# Static linking, proven by use: C through CMake's find_package(litellm) (litellm::litellm_static)
# and through pkg-config (litellm-static.pc), a C++ host (with lld and --gc-sections too), the
# Go example built with the litellm_static tag,
# the Rust example built with the `static` feature. Each program must name no liblitellm in
# its dynamic section or under ldd, and must answer from a copy of itself in an empty directory
# against the loopback fake server. One CMake build against litellm::litellm (shared) checks
# the other imported target. Last, liblitellm (shared, then static) shares a process with a
# second NativeAOT library (other-runtime/): two .NET runtimes, called in turn.
#   tests/static/run.sh ARTIFACTS_DIR FAKE_SERVER_DLL     (needs cmake, go and cargo)
set -euo pipefail
unset LITELLM_PROXY_API_BASE LITELLM_PROXY_API_KEY LITELLM_BASE_URL LITELLM_API_KEY LITELLM_MODEL LITELLM_LOG
ARTIFACTS="$(cd "$1" && pwd)"
FAKE_DLL="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ARTIFACTS/obj/static-tests"
rm -rf "$OUT"; mkdir -p "$OUT/alone"

passed=0; failed=0
ok()   { printf 'ok     %s\n' "$1"; passed=$((passed + 1)); }
fail() { printf 'FAILED %s\n' "$1"; [ $# -gt 1 ] && printf '    %s\n' "$2"; failed=$((failed + 1)); }

portfile="$(mktemp)"
dotnet "$FAKE_DLL" --port-file "$portfile" >"$OUT/fake-server.log" 2>&1 </dev/null &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true; wait $fake_pid 2>/dev/null || true; rm -f "$portfile"' EXIT
for _ in $(seq 1 100); do [ -s "$portfile" ] && break; sleep 0.1; done
[ -s "$portfile" ] || { cat "$OUT/fake-server.log"; echo "fake server did not start"; exit 1; }
BASE="http://127.0.0.1:$(cat "$portfile")"

# linked_statically NAME BINARY: no liblitellm in DT_NEEDED nor among what ldd resolves.
linked_statically() {
    local needed
    needed="$(readelf -d "$2" | grep NEEDED || true)"
    if grep -q litellm <<<"$needed" || ldd "$2" | grep -q litellm; then
        fail "$1_needs_no_liblitellm_so" "$(ldd "$2" | tr -s ' \t' ' ' | tr '\n' ';')"
        return 1
    fi
    ok "$1_needs_no_liblitellm_so ($(du -h "$2" | cut -f1), needs: $(sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' <<<"$needed" | paste -sd' ' -))"
}
# answers NAME BINARY EXPECTED: a copy of the program, alone in a directory, against the server.
answers() {
    local copy="$OUT/alone/$(basename "$2")-$1" got
    cp "$2" "$copy"
    got="$(cd "$OUT/alone" && env -u LD_LIBRARY_PATH LITELLM_BASE_URL="$BASE" LITELLM_API_KEY="" LITELLM_MODEL=echo \
           "$copy" 2>&1)" || { fail "$1_answers" "$got"; return; }
    if [[ "$got" == *"$3"* ]]; then ok "$1_answers"; else fail "$1_answers" "output lacks '$3': $got"; fi
}

# --- C: CMake, both imported targets --------------------------------------------------------
for kind in shared static; do
    flag=OFF; [ "$kind" = static ] && flag=ON
    if cmake -S "$ROOT/examples/c" -B "$OUT/cmake-$kind" -DCMAKE_PREFIX_PATH="$ARTIFACTS" -DLITELLM_STATIC=$flag \
            >"$OUT/cmake-$kind.log" 2>&1 && cmake --build "$OUT/cmake-$kind" >>"$OUT/cmake-$kind.log" 2>&1; then
        ok "cmake_find_package_litellm_$kind"
    else
        cat "$OUT/cmake-$kind.log"; fail "cmake_find_package_litellm_$kind"; continue
    fi
    if [ "$kind" = static ]; then
        linked_statically c_cmake "$OUT/cmake-static/example" && answers c_cmake_static "$OUT/cmake-static/example" "litellm_run -> status 0"
    elif ldd "$OUT/cmake-shared/example" | grep -q "liblitellm.so.0 => $ARTIFACTS/lib/"; then
        ok "c_cmake_shared_loads_liblitellm_so_0_by_its_soname"
    else
        fail "c_cmake_shared_loads_liblitellm_so_0_by_its_soname" "$(ldd "$OUT/cmake-shared/example" | tr '\n' ';')"
    fi
done

# --- C: pkg-config --------------------------------------------------------------------------
if cc -std=c11 -Wall -Wextra -Werror "$ROOT/examples/c/example.c" -o "$OUT/example-pc" \
        $(PKG_CONFIG_PATH="$ARTIFACTS/lib/pkgconfig" pkg-config --cflags --libs litellm-static) 2>"$OUT/pc.log"; then
    linked_statically c_pkg_config "$OUT/example-pc" && answers c_pkg_config_static "$OUT/example-pc" "litellm_run -> status 0"
else
    cat "$OUT/pc.log"; fail "c_example_links_with_pkg_config_litellm_static"
fi

# --- C++: the standard library beside the runtime's C++ -------------------------------------
read -r -a static_libs <<<"$(PKG_CONFIG_PATH="$ARTIFACTS/lib/pkgconfig" pkg-config --libs litellm-static)"
cxx_links=("default:c++")
command -v clang++ >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1 && cxx_links+=("lld_gc_sections:clang++ -fuse-ld=lld -Wl,--gc-sections")
for entry in "${cxx_links[@]}"; do
    label="${entry%%:*}"; read -r -a cxx <<<"${entry#*:}"
    if "${cxx[@]}" -std=c++17 -Wall -Wextra -Werror -I"$ARTIFACTS/include" "$HERE/host.cpp" -o "$OUT/host-cpp-$label" \
            "${static_libs[@]}" >"$OUT/cpp-$label.log" 2>&1 \
       && timeout 60 "$OUT/host-cpp-$label" "$BASE" >>"$OUT/cpp-$label.log" 2>&1; then
        ok "cpp_host_links_liblitellm_a_${label}_and_answers"
    else
        cat "$OUT/cpp-$label.log"; fail "cpp_host_links_liblitellm_a_${label}_and_answers"
    fi
done

# --- Go: the litellm_static build tag --------------------------------------------------------
export GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local CGO_ENABLED=1
if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-/nonexistent}" ]; then
    export GOCACHE="${TMPDIR:-/tmp}/litellm-go-cache" GOPATH="${TMPDIR:-/tmp}/litellm-go-path"
fi
if (cd "$ROOT/examples/go" && PKG_CONFIG_PATH="$ARTIFACTS/lib/pkgconfig" CGO_LDFLAGS="" \
        go build -tags litellm_static -o "$OUT/example-go" .) >"$OUT/go.log" 2>&1; then
    linked_statically go_litellm_static_tag "$OUT/example-go" && answers go_static "$OUT/example-go" "model echo, 0 escalations"
else
    cat "$OUT/go.log"; fail "go_example_builds_with_tag_litellm_static"
fi

# --- Rust: the `static` feature --------------------------------------------------------------
if (cd "$ROOT/examples/rust" && env -u PKG_CONFIG_PATH LITELLM_LIB_DIR="$ARTIFACTS/lib" \
        cargo build --offline --features static --target-dir "$OUT/rust-target") >"$OUT/rust.log" 2>&1; then
    linked_statically rust_static_feature "$OUT/rust-target/debug/litellm-example" \
        && answers rust_static "$OUT/rust-target/debug/litellm-example" "generate: Say hello to a Rust program."
else
    cat "$OUT/rust.log"; fail "rust_example_builds_with_feature_static"
fi

# --- two NativeAOT runtimes in one process ------------------------------------------------
# liblitellm (shared, then static) beside another NativeAOT library loaded with dlopen.
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
if dotnet publish "$HERE/other-runtime" -c Release -r "$rid" -o "$OUT/other-runtime" >"$OUT/other-publish.log" 2>&1; then
    for kind in shared static; do
        if [ "$kind" = shared ]; then link=(-L"$ARTIFACTS/lib" -llitellm -Wl,-rpath,"$ARTIFACTS/lib" -ldl)
        else read -r -a link <<<"$(PKG_CONFIG_PATH="$ARTIFACTS/lib/pkgconfig" pkg-config --libs litellm-static)"; fi
        if cc -std=c11 -Wall -Wextra -Werror -I"$ARTIFACTS/include" "$HERE/two_runtimes.c" -o "$OUT/two_runtimes_$kind" \
                "${link[@]}" 2>"$OUT/two-$kind.log" \
           && timeout 60 "$OUT/two_runtimes_$kind" "$BASE" "$OUT/other-runtime/other_runtime.so" >>"$OUT/two-$kind.log" 2>&1; then
            ok "two_nativeaot_runtimes_in_one_process_liblitellm_$kind ($(grep -c '^ok' "$OUT/two-$kind.log") checks)"
        else
            cat "$OUT/two-$kind.log"; fail "two_nativeaot_runtimes_in_one_process_liblitellm_$kind"
        fi
    done
else
    cat "$OUT/other-publish.log"; fail "other_nativeaot_library_publishes"
fi

echo "static: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
