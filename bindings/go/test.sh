#!/usr/bin/env bash
# Tests of the Go binding of liblitellm.
#
#   bash bindings/go/test.sh ARTIFACTS_DIR FAKE_SERVER_DLL
#
# ARTIFACTS_DIR    the artifacts/ tree of a build (lib/liblitellm.so, lib/pkgconfig/litellm.pc)
# FAKE_SERVER_DLL  tests/FakeServer/bin/<Configuration>/net10.0/FakeServer.dll (run with dotnet)
#
# Installs Go from Debian (golang-go) when `go` is missing, then runs `go vet`, `go test -v`
# and (where the race detector exists) `go test -race` in bindings/go, and builds and runs
# examples/go against the fake server. Nothing is downloaded by Go: GOPROXY=off, and the
# binding uses the standard library only. Exits non-zero when anything fails.
set -u -o pipefail

usage() { echo "usage: bash bindings/go/test.sh ARTIFACTS_DIR FAKE_SERVER_DLL" >&2; exit 64; }
[ $# -eq 2 ] || usage

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
artifacts=$(cd "$1" 2>/dev/null && pwd) || { echo "go tests: no such directory: $1" >&2; exit 2; }
fake_dll=$2
case "$fake_dll" in /*) ;; *) fake_dll="$PWD/$fake_dll" ;; esac

say() { echo "==> go: $*"; }
fail() { echo "==> go: FAILED: $*" >&2; exit 1; }

[ -f "$artifacts/lib/pkgconfig/litellm.pc" ] || fail "$artifacts/lib/pkgconfig/litellm.pc is missing (run ./build.sh first)"
[ -f "$fake_dll" ] || fail "fake server not found: $fake_dll"
command -v dotnet >/dev/null 2>&1 || fail "dotnet is not on PATH (needed to run the fake server)"

# --- toolchain: go, a C compiler and pkg-config (cgo) --------------------------------------
missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v "${CC:-gcc}" >/dev/null 2>&1 || command -v cc >/dev/null 2>&1 || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        fail "missing ${missing[*]} and there is no apt-get here: install Go 1.19 or later, a C compiler and pkg-config, then run this again"
    fi
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
    else
        fail "missing ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root (or install Go 1.19+ yourself), then run this again"
    fi
    say "installing ${missing[*]} with apt-get"
    "${sudo[@]}" apt-get update -qq || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
        fail "apt-get install ${missing[*]} failed"
fi
command -v go >/dev/null 2>&1 || fail "go is still not on PATH"

go_minor=$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
if [ -n "$go_minor" ] && [ "$go_minor" -lt 19 ]; then
    fail "$(go version) is too old: the binding needs Go 1.19 or later"
fi

# --- environment -------------------------------------------------------------------------------
export PKG_CONFIG_PATH="$artifacts/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export CGO_LDFLAGS="-Wl,-rpath,$artifacts/lib${CGO_LDFLAGS:+ $CGO_LDFLAGS}"
export CGO_ENABLED=1
export GOFLAGS=-mod=mod
export GOPROXY=off
export GOSUMDB=off
export GOTOOLCHAIN=local          # Go >= 1.21: never download another toolchain
export LITELLM_FAKE_SERVER_DLL="$fake_dll"
if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-/nonexistent}" ]; then
    export GOCACHE="${TMPDIR:-/tmp}/litellm-go-cache"
    export GOPATH="${TMPDIR:-/tmp}/litellm-go-path"
fi
pkg-config --exists litellm || fail "pkg-config cannot find litellm in $artifacts/lib/pkgconfig"

say "$(go version); liblitellm $(pkg-config --modversion litellm) from $artifacts/lib"

status=0
step() { # step NAME COMMAND...: runs it, records a failure without stopping
    local name=$1; shift
    say "$name"
    if ! "$@"; then
        echo "==> go: step failed: $name" >&2
        status=1
    fi
}

cd "$here" || exit 1
step "go vet ./... (bindings/go)" go vet ./...
step "go test -count=1 -v ./..." go test -count=1 -v ./...

goos=$(go env GOOS); goarch=$(go env GOARCH)
case "$goos/$goarch" in
    linux/amd64 | linux/arm64 | linux/ppc64le | linux/s390x | darwin/amd64 | darwin/arm64 | \
    freebsd/amd64 | netbsd/amd64 | windows/amd64)
        step "go test -race -count=1 ./..." go test -race -count=1 ./... ;;
    *)
        say "skipping go test -race: the race detector does not support $goos/$goarch" ;;
esac

# --- the example: build it, then run it against the fake server -----------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/litellm-go-example.XXXXXX") || fail "mktemp failed"
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

run_example() {
    dotnet "$fake_dll" --port-file "$work/port" --ignore-stdin >/dev/null &
    server_pid=$!
    local i
    for i in $(seq 1 600); do
        [ -s "$work/port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { echo "the fake server exited early" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$work/port" ] || { echo "the fake server wrote no port file in 60 s" >&2; return 1; }
    env -u LITELLM_PROXY_API_BASE -u LITELLM_PROXY_API_KEY \
        LITELLM_BASE_URL="http://127.0.0.1:$(cat "$work/port")" LITELLM_API_KEY= LITELLM_MODEL=echo \
        "$work/example"
}

cd "$root/examples/go" || exit 1
step "go vet ./... (examples/go)" go vet ./...
if step "go build examples/go" go build -o "$work/example" . && [ -x "$work/example" ]; then
    step "run examples/go against the fake server" run_example
fi

if [ "$status" -eq 0 ]; then
    say "all Go binding checks passed"
else
    say "some Go binding checks FAILED"
fi
exit "$status"
