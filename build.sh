#!/usr/bin/env bash
# liblitellm build script.
#
#   ./build.sh          restore, build, publish into artifacts/, then run the C demo
#                       against a loopback stub server (no LiteLLM proxy needed)
#   ./build.sh test     build everything, then run every suite against loopback
#                       servers: xunit, the native C and CLI tests, the Rust and Go
#                       binding tests, the static-linking examples, the ABI check, the
#                       C hosts on linux-arm64 under qemu, build.ps1 under pwsh; ends
#                       with "tests: N passed, M failed"
#   ./build.sh test SUITE...  only those: managed, native, rust, go, static, abi,
#                       arm64, pwsh; quick is managed and native
#   ./build.sh dist     release archives: dist/liblitellm-VERSION-RID.tar.gz for this
#                       machine's RID (and linux-arm64, cross-compiled, on linux-x64),
#                       and dist/SHA256SUMS
#   ./build.sh abi-baseline  build, then write abi/litellm.symbols from the library and
#                       the header (after adding or changing a function on purpose)
#   ./build.sh bench    build, then run the benchmark suite (bench/README.md)
#   ./build.sh bench scale  build, then run only the scale benchmark: 1,000 and 10,000
#                       concurrent streams per process (bench/scale/README.md)
#   ./build.sh clean    remove artifacts/, dist/ and every bin/ and obj/
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
    if [ "$os" = osx ]; then LIBFILE=liblitellm.dylib; else LIBFILE=liblitellm.so; fi
}

# The tools that cross-compile linux-arm64 on linux-x64 (docs/building.md), and with
# "run" the emulator that runs the result; installed when missing, as for Go.
need_cross_arm64() {
    local missing=()
    command -v clang >/dev/null 2>&1 || missing+=(clang)
    command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
    [ -f /usr/aarch64-linux-gnu/lib/libc.so.6 ] || missing+=(libc6-dev-arm64-cross)
    if [ "${1:-}" = run ]; then command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user); fi
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

# Per target RID: the publish arguments, the binutils that handle its objects, and the
# file names of its libraries. Sets TARGET_ARGS, TOOL_PREFIX, SHARED_FILE (the real file),
# SHARED_LINK (the name hosts link with), SHARED_SONAME, AOT_SHARED (NativeAOT's name).
target_setup() { # target_setup RID
    local rid="$1" major
    major="$(lib_version | cut -d. -f1)"
    TARGET_ARGS=(); TOOL_PREFIX=""
    if [ "$rid" != "$RID" ]; then
        case "$RID/$rid" in
            linux-x64/linux-arm64)
                need_cross_arm64
                # NativeAOT links through clang with lld; the cross gcc's sysroot holds the
                # arm64 libc, and its objcopy strips the arm64 objects.
                TARGET_ARGS=(-p:SysRoot=/ -p:LinkerFlavor=lld -p:CppCompilerAndLinker=clang
                             -p:ObjCopyName=aarch64-linux-gnu-objcopy)
                TOOL_PREFIX=aarch64-linux-gnu- ;;
            *) die "cannot build $rid on $RID (NativeAOT compiles for another CPU, not another OS; this script crosses linux-x64 to linux-arm64 only)" ;;
        esac
    fi
    case "$rid" in
        osx-*) SHARED_FILE="liblitellm.$major.dylib"; SHARED_LINK=liblitellm.dylib
               SHARED_SONAME="@rpath/liblitellm.$major.dylib"; AOT_SHARED=LiteLlmNative.dylib ;;
        *)     SHARED_FILE="liblitellm.so.$major"; SHARED_LINK=liblitellm.so
               SHARED_SONAME="liblitellm.so.$major"; AOT_SHARED=LiteLlmNative.so ;;
    esac
}

# ---------------------------------------------------------------------------
# NativeAOT publish. The framework is net10.0 where its NativeAOT pack restores,
# else net9.0 (docs/building.md); one line says which. A plain restore does not ask for
# the NativeAOT runtime pack (only a publish does), so the first publish decides.
# ---------------------------------------------------------------------------
AOT_TFM=""
aot_publish() { # aot_publish PROJECT OUTDIR RID [MSBUILD_ARGS...]
    local project="$1" out="$2" rid="$3" log
    shift 3
    log="$LOGS/publish-$(basename "$project")-$rid${1:+-$(echo "$*" | tr -cd 'A-Za-z')}.log"
    local tfm="${AOT_TFM:-net10.0}" only=()
    # For another RID, restore the publishing framework alone: the other one's runtime pack
    # for that RID (e.g. net9.0's for linux-arm64) need not be on the package source.
    [ "$rid" = "$RID" ] || only=(-p:TargetFrameworks="$tfm")
    # ContinuousIntegrationBuild: source paths recorded as /_/, so that the binaries do not
    # depend on where the checkout is (the archives are reproducible, docs/building.md).
    if ! dotnet publish "$project" -c "$CONFIGURATION" -f "$tfm" -r "$rid" -p:LiteLlmAotTfm="$tfm" \
            -p:ContinuousIntegrationBuild=true ${only[@]+"${only[@]}"} ${TARGET_ARGS[@]+"${TARGET_ARGS[@]}"} "$@" \
            -o "$out" >"$log" 2>&1; then
        if [ -z "$AOT_TFM" ] && grep -qE "NU110[0-9].*(NativeAOT|ILCompiler)" "$log"; then
            AOT_TFM=net9.0
            say "NativeAOT: the .NET 10 NativeAOT pack for $rid is not on this machine's package source; publishing for net9.0 instead"
            aot_publish "$project" "$out" "$rid" "$@"
            return
        fi
        cat "$log" >&2
        die "publish of $project ($rid) failed"
    fi
    if [ -z "$AOT_TFM" ]; then
        AOT_TFM="$tfm"
        say "NativeAOT: $tfm"
    fi
    # Any warning (IL trim/AOT analysis or other) fails the build.
    if grep -E ": warning [A-Z]+[0-9]+" "$log" >/dev/null; then
        grep -E ": warning [A-Z]+[0-9]+" "$log" | sort -u >&2
        die "publish of $project ($rid) printed warnings (treated as errors)"
    fi
}

# stage_rid RID DEST PART...: publishes RID's parts (shared, static, cli) into the tree DEST
# (lib/, include/, bin/, lib/pkgconfig/, lib/cmake/litellm/), the layout docs/building.md
# describes. The header, pkg-config and CMake files are written every time.
stage_rid() {
    local rid="$1" dest="$2" part
    shift 2
    target_setup "$rid"
    mkdir -p "$dest/lib/pkgconfig" "$dest/lib/cmake/litellm" "$dest/include"
    for part in "$@"; do
        case "$part" in
            shared)
                say "publish liblitellm ($rid)"
                aot_publish src/LiteLlmNative "$ARTIFACTS/obj/$rid/lib" "$rid"
                place "$ARTIFACTS/obj/$rid/lib/$AOT_SHARED" "$dest/lib/$SHARED_FILE"
                # The link to the split-off debug file (not shipped) carries that file's CRC,
                # which depends on the build's paths.
                case "$rid" in osx-*) ;; *) "${TOOL_PREFIX}objcopy" --remove-section=.gnu_debuglink "$dest/lib/$SHARED_FILE" ;; esac
                ln -sfn "$SHARED_FILE" "$dest/lib/$SHARED_LINK" ;;
            static)
                say "publish liblitellm.a ($rid)"
                aot_publish src/LiteLlmNative "$ARTIFACTS/obj/$rid/lib-static" "$rid" -p:NativeLib=Static
                make_static_library "$rid" "$dest/lib/liblitellm.a" ;;
            cli)
                say "publish litellm CLI ($AOT_TFM, $rid)"
                aot_publish src/LiteLlmNative.Cli "$ARTIFACTS/obj/$rid/cli" "$rid"
                mkdir -p "$dest/bin"
                place "$ARTIFACTS/obj/$rid/cli/litellm" "$dest/bin/litellm"
                case "$rid" in osx-*) ;; *) "${TOOL_PREFIX}objcopy" --remove-section=.gnu_debuglink "$dest/bin/litellm" ;; esac ;;
        esac
    done
    place src/Interop.Headers/litellm.h "$dest/include/litellm.h"
    write_package_files "$rid" "$dest"
}

# The static publish's own record of what NativeAOT would link (LiteLlmNative.csproj).
static_inputs_dir() { echo "src/LiteLlmNative/bin/$CONFIGURATION/$AOT_TFM/$1/native-static"; }

# liblitellm.a: NativeAOT's static output is the compiled code alone, and a host would have to
# link the runtime's objects and archives after it, in order. Instead they are linked here into
# one relocatable object whose only global definitions are the litellm_* functions: the
# runtime's thousands of internal symbols cannot clash with the host's, and the host links
# one archive and the system libraries listed in litellm.pc (Libs.private).
make_static_library() { # make_static_library RID OUT
    local rid="$1" out="$2" dir work line objects=() archives=()
    dir="$(static_inputs_dir "$rid")"
    [ -s "$dir/link-inputs.txt" ] || die "$dir/link-inputs.txt is missing after the static publish"
    work="$ARTIFACTS/obj/$rid/static-link"
    rm -rf "$work"; mkdir -p "$work"
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        case "$line" in /*) ;; *) line="src/LiteLlmNative/$line" ;; esac
        case "$line" in *.a) archives+=("$line") ;; *) objects+=("$line") ;; esac
    done <"$dir/link-inputs.txt"
    # The exports: the global functions of the compiled code (the first object) named litellm_*.
    nm -g --defined-only "${objects[0]}" | awk '$3 ~ /^_?litellm_/ {print $3}' | sort >"$work/exports.txt"
    [ -s "$work/exports.txt" ] || die "no litellm_* functions in ${objects[0]}"
    case "$rid" in
        osx-*)
            # ld64 hides everything not listed itself (-r keeps the listed symbols global).
            # Not run on this project's machines: see docs/building.md.
            ld -r -x -exported_symbols_list "$work/exports.txt" -o "$work/liblitellm.o" \
                "${objects[@]}" "${archives[@]}" ;;
        *)
            # The runtime finds its module list and code through __start_/__stop_ symbols,
            # which a final link makes only for the sections it keeps; a host linking with
            # --gc-sections and lld (rustc does) drops __modules, referenced by nothing else.
            # Defined here, they tie those sections to the code that reads them. The COMDAT
            # groups (C++ inline functions of the runtime) are resolved here too: left in, a
            # host's or another runtime's copy of one would replace ours at the final link,
            # and our now-local references to it would point into a discarded section.
            cat >"$work/sections.ld" <<'LD'
SECTIONS
{
  __modules : { __start___modules = .; KEEP(*(__modules)) __stop___modules = .; }
  __managedcode : { __start___managedcode = .; *(__managedcode) __stop___managedcode = .; }
  __unbox : { __start___unbox = .; *(__unbox) __stop___unbox = .; }
}
LD
            "${TOOL_PREFIX}ld" -r --force-group-allocation --strip-debug -T "$work/sections.ld" -o "$work/merged.o" \
                "${objects[@]}" --start-group "${archives[@]}" --end-group
            "${TOOL_PREFIX}objcopy" --keep-global-symbols="$work/exports.txt" --strip-unneeded \
                "$work/merged.o" "$work/liblitellm.o" ;;
    esac
    rm -f "$work/liblitellm.a"
    "${TOOL_PREFIX}ar" crsD "$work/liblitellm.a" "$work/liblitellm.o" 2>/dev/null \
        || "${TOOL_PREFIX}ar" crs "$work/liblitellm.a" "$work/liblitellm.o"
    place "$work/liblitellm.a" "$out"
}

# The system libraries a static link needs, as linker flags (one line): what NativeAOT's own
# link passes (the static publish wrote them down), plus the threads library it gets from -pthread.
static_link_flags() { # static_link_flags RID
    local lib flags=()
    case "$1" in osx-*) ;; *) flags+=(-lpthread) ;; esac
    while IFS= read -r lib; do
        case "$lib" in
            "") ;;
            framework:*) flags+=(-framework "${lib#framework:}") ;;
            *) flags+=("-l$lib") ;;
        esac
    done <"$(static_inputs_dir "$1")/system-libraries.txt"
    case "$1" in osx-*) flags+=(-L/usr/lib/swift) ;; esac
    echo "${flags[*]}"
}

# litellm.pc (Libs.private: the system libraries), litellm-static.pc (the archive itself, for
# cgo and plain Makefiles), litellmConfig.cmake and its version file, from the templates in
# src/Interop.Headers.
write_package_files() { # write_package_files RID DEST
    local rid="$1" dest="$2" version flags="" cmake_libs="" t
    version="$(lib_version)"
    if [ -f "$(static_inputs_dir "$rid")/system-libraries.txt" ]; then
        flags="$(static_link_flags "$rid")"
        # CMake wants a list: "-framework X" stays one item, -lfoo becomes foo.
        cmake_libs="$(echo "$flags" | sed -e 's/-framework /-framework@/g' | tr ' ' '\n' \
                      | sed -e 's/^-l//' -e 's/@/ /' | grep -v '^-L' | paste -sd';' -)"
    fi
    for t in litellm.pc litellm-static.pc; do
        sed -e "s|@VERSION@|$version|" -e "s|@LIBS_PRIVATE@|$flags|" \
            "src/Interop.Headers/$t.in" >"$dest/lib/pkgconfig/$t"
    done
    for t in litellmConfig.cmake litellmConfigVersion.cmake; do
        sed -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|$(echo "$version" | cut -d. -f1)|g" \
            -e "s|@VERSION_MINOR@|$(echo "$version" | cut -d. -f2)|g" -e "s|@SHARED_FILE@|$SHARED_FILE|g" \
            -e "s|@SHARED_SONAME@|$SHARED_SONAME|g" -e "s|@STATIC_LINK_LIBRARIES@|$cmake_libs|g" \
            "src/Interop.Headers/$t.in" >"$dest/lib/cmake/litellm/$t"
    done
}

build_all() {
    need_tools
    detect_rid
    mkdir -p "$LOGS"
    say "build ($CONFIGURATION)"
    dotnet build LiteLlmNative.sln -c "$CONFIGURATION" -nologo -v quiet >"$LOGS/build.log" 2>&1 \
        || { cat "$LOGS/build.log" >&2; die "build failed"; }

    stage_rid "$RID" "$ARTIFACTS" shared static cli
    note "artifacts/lib/$SHARED_FILE  $(du -h "$ARTIFACTS/lib/$SHARED_FILE" | cut -f1)  (and the link $LIBFILE)"
    note "artifacts/lib/liblitellm.a    $(du -h "$ARTIFACTS/lib/liblitellm.a" | cut -f1)"
    note "artifacts/bin/litellm         $(du -h "$ARTIFACTS/bin/litellm" | cut -f1)"
    note "artifacts/include/litellm.h, artifacts/lib/pkgconfig/litellm.pc, artifacts/lib/cmake/litellm/"
}

# The linux-arm64 tree beside the host's, cross-compiled: artifacts/linux-arm64/.
build_arm64() { # build_arm64 PART...
    stage_rid linux-arm64 "$ARTIFACTS/linux-arm64" "$@"
    note "artifacts/linux-arm64/lib/$SHARED_FILE  $(du -h "$ARTIFACTS/linux-arm64/lib/$SHARED_FILE" | cut -f1)"
}

# Copies by rename, so a process still running the old library keeps its own file.
place() { cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }

lib_version() { sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props; }

# ---------------------------------------------------------------------------
# Release archives (./build.sh dist): per RID a tarball of the artifacts tree, with the
# README, the documentation and the licence notices, and dist/SHA256SUMS.
# ---------------------------------------------------------------------------
DIST="$ROOT/dist"
make_dist() {
    build_all
    local rids=("$RID") trees=("$ARTIFACTS") version i
    if [ "$RID" = linux-x64 ]; then
        build_arm64 shared static cli
        rids+=(linux-arm64); trees+=("$ARTIFACTS/linux-arm64")
    fi
    version="$(lib_version)"
    rm -rf "$DIST"; mkdir -p "$DIST"
    for i in "${!rids[@]}"; do package_rid "${rids[$i]}" "${trees[$i]}" "$version"; done
    if command -v sha256sum >/dev/null 2>&1; then (cd "$DIST" && sha256sum -- *.tar.gz >SHA256SUMS)
    else (cd "$DIST" && shasum -a 256 -- *.tar.gz >SHA256SUMS); fi
    say "dist/ ($(lib_version))"
    (cd "$DIST" && for f in *.tar.gz SHA256SUMS; do note "$(du -h "$f" | cut -f1)	dist/$f"; done)
}

package_rid() { # package_rid RID TREE VERSION
    local rid="$1" tree="$2" version="$3" name stage runtime_pack epoch f
    name="liblitellm-$version-$rid"
    stage="$ARTIFACTS/obj/dist/$name"
    say "package $name"
    target_setup "$rid"
    rm -rf "$stage"
    mkdir -p "$stage/bin" "$stage/include" "$stage/lib/pkgconfig" "$stage/lib/cmake/litellm" "$stage/licenses/dotnet"
    cp "$tree/bin/litellm" "$stage/bin/"
    cp "$tree/include/litellm.h" "$stage/include/"
    cp "$tree/lib/$SHARED_FILE" "$tree/lib/liblitellm.a" "$stage/lib/"
    ln -s "$SHARED_FILE" "$stage/lib/$SHARED_LINK"
    cp "$tree/lib/pkgconfig/litellm.pc" "$tree/lib/pkgconfig/litellm-static.pc" "$stage/lib/pkgconfig/"
    cp "$tree/lib/cmake/litellm/litellmConfig.cmake" "$tree/lib/cmake/litellm/litellmConfigVersion.cmake" "$stage/lib/cmake/litellm/"
    cp README.md "$stage/"
    cp -R docs "$stage/docs"
    # The .NET runtime inside the binaries is MIT-licensed: its licence and notices go along,
    # from the NativeAOT runtime pack that was linked.
    runtime_pack="$(sed -n 's|/runtimes/.*||p' "$(static_inputs_dir "$rid")/link-inputs.txt" | head -1)"
    for f in LICENSE.TXT THIRD-PARTY-NOTICES.TXT; do
        [ -f "$runtime_pack/$f" ] || die "the .NET runtime's $f is not in $runtime_pack"
        cp "$runtime_pack/$f" "$stage/licenses/dotnet/"
        chmod 644 "$stage/licenses/dotnet/$f"
    done
    sed -e "s|@VERSION@|$version|g" -e "s|@RID@|$rid|g" -e "s|@SHARED_FILE@|$SHARED_FILE|g" \
        -e "s|@SHARED_LINK@|$SHARED_LINK|g" -e "s|@SHARED_SONAME@|$SHARED_SONAME|g" \
        src/Interop.Headers/NOTICE.in >"$stage/NOTICE"
    check_package "$rid" "$stage" "$version"
    # Reproducible: sorted names, no owners, the last commit's time on every file.
    epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
    if tar --version 2>/dev/null | grep -q GNU; then
        tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --mode='u+rw,go=rX' \
            -C "$ARTIFACTS/obj/dist" -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
    else
        tar -C "$ARTIFACTS/obj/dist" -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
    fi
}

# What a user relies on in the archive: the soname and the link, the libraries' exports, the
# package files, and that the CLI and a program linked with liblitellm.a run (arm64 under
# qemu when it is installed).
check_package() { # check_package RID STAGE VERSION
    local rid="$1" stage="$2" version="$3" soname got run=() cc=cc work="$ARTIFACTS/obj/dist"
    case "$rid" in
        linux-*)
            soname="$(readelf -d "$stage/lib/$SHARED_FILE" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
            [ "$soname" = "$SHARED_SONAME" ] || die "$rid: $SHARED_FILE has soname '$soname', not $SHARED_SONAME" ;;
    esac
    [ "$(readlink "$stage/lib/$SHARED_LINK")" = "$SHARED_FILE" ] || die "$rid: lib/$SHARED_LINK does not link to $SHARED_FILE"
    NM="${TOOL_PREFIX}nm" bash abi/check.sh "$stage/include/litellm.h" "$stage/lib/$SHARED_FILE" "$stage/lib/liblitellm.a" >"$LOGS/dist-abi-$rid.log" \
        || { cat "$LOGS/dist-abi-$rid.log" >&2; die "$rid: the archive's ABI differs from abi/litellm.symbols"; }
    grep -q '^Libs.private: -l' "$stage/lib/pkgconfig/litellm.pc" || die "$rid: litellm.pc has no Libs.private"
    grep -q 'litellm::litellm_static' "$stage/lib/cmake/litellm/litellmConfig.cmake" || die "$rid: litellmConfig.cmake lacks litellm::litellm_static"
    [ "$rid" = "$RID" ] || cc="${TOOL_PREFIX}gcc"
    if [ "$rid" = "$RID" ]; then run=(env)
    elif [ "$rid" = linux-arm64 ] && command -v qemu-aarch64 >/dev/null 2>&1; then
        run=(qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib)
    fi
    if [ "${#run[@]}" -eq 0 ]; then
        note "$rid: soname $SHARED_SONAME, ABI as abi/litellm.symbols (nothing run: no way to run $rid here)"
        return
    fi
    got="$("${run[@]}" "$stage/bin/litellm" version 2>&1 || true)"
    [[ "$got" == *"$version"* ]] || die "$rid: bin/litellm version printed '$got'"
    cat >"$work/static-check.c" <<'C'
#include <stdio.h>
#include "litellm.h"
int main(void) { printf("%s %d\n", litellm_version(), litellm_abi_version()); return 0; }
C
    # shellcheck disable=SC2046 # pkg-config's flags are meant to split
    "$cc" -I"$stage/include" "$work/static-check.c" -o "$work/static-check-$rid" \
        $(PKG_CONFIG_PATH="$stage/lib/pkgconfig" pkg-config --libs litellm-static) \
        || die "$rid: a program does not link with lib/liblitellm.a"
    [[ "$("${run[@]}" "$work/static-check-$rid" 2>&1)" == "$version "* ]] || die "$rid: a program linked with liblitellm.a does not run"
    note "$rid: soname $SHARED_SONAME, ABI as abi/litellm.symbols, liblitellm.a links and runs; $got"
}

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
    need_cargo
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

need_cargo() {
    # The Rust toolchain: rustup's if there is one, else Debian's cargo package.
    if ! command -v cargo >/dev/null 2>&1; then
        if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"
        else apt_install cargo; fi
    fi
}

# Static linking by use (tests/static/run.sh): C with CMake and pkg-config, Go, Rust.
suite_static() {
    local rc=0
    command -v cmake >/dev/null 2>&1 || apt_install cmake
    command -v c++ >/dev/null 2>&1 || apt_install g++
    command -v go >/dev/null 2>&1 || apt_install golang-go
    need_cargo
    say "static linking (C with CMake and pkg-config, Go, Rust; against artifacts/lib/liblitellm.a)"
    bash tests/static/run.sh "$ARTIFACTS" "tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll" \
        2>&1 | tee "$LOGS/static.log" || rc=$?
    count_suite static "$(sed -n 's/^static: \([0-9]*\) passed.*/\1/p' "$LOGS/static.log" | tail -1)" \
        "$(sed -n 's/^static: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$LOGS/static.log" | tail -1)" "$rc"
}

# The ABI against abi/litellm.symbols: the header, the shared and the static library, and the
# linux-arm64 library when the arm64 suite has built it.
suite_abi() {
    local rc=0 libs=("$ARTIFACTS/lib/$LIBFILE" "$ARTIFACTS/lib/liblitellm.a")
    say "ABI check (abi/check.sh against abi/litellm.symbols)"
    bash abi/check.sh "$ARTIFACTS/include/litellm.h" "${libs[@]}" 2>&1 | tee "$LOGS/abi.log" || rc=$?
    count_suite abi "$(sed -n 's/^abi: \([0-9]*\) passed.*/\1/p' "$LOGS/abi.log" | tail -1)" \
        "$(sed -n 's/^abi: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$LOGS/abi.log" | tail -1)" "$rc"
}

# linux-arm64: the library cross-compiled, its ABI checked, and the C host tests run under
# qemu-user against the fake server on loopback (tests/native/run.sh --target linux-arm64).
suite_arm64() {
    local rc=0 tree="$ARTIFACTS/linux-arm64"
    if [ "$RID" != linux-x64 ]; then
        note "arm64: skipped, this suite cross-compiles from linux-x64 ($RID here)"
        return
    fi
    need_cross_arm64 run
    command -v socat >/dev/null 2>&1 || apt_install socat
    command -v openssl >/dev/null 2>&1 || apt_install openssl
    need_arm64_openssl
    say "linux-arm64: cross-compile liblitellm, C host tests under qemu-aarch64"
    if ! ( build_arm64 shared ) >"$LOGS/arm64-build.log" 2>&1; then
        cat "$LOGS/arm64-build.log"; count_suite arm64 0 1 1; return
    fi
    cat "$LOGS/arm64-build.log"
    (
        r=0
        NM=aarch64-linux-gnu-nm ABI_LABEL=arm64 bash abi/check.sh "$tree/include/litellm.h" "$tree/lib/$LIBFILE" || r=1
        bash tests/native/run.sh --target linux-arm64 "$tree" "tests/FakeServer/bin/$CONFIGURATION/net10.0/FakeServer.dll" || r=1
        exit "$r"
    ) 2>&1 | tee "$LOGS/arm64.log" || rc=$?
    count_suite arm64 \
        "$(sed -n 's/^\(abi\|native-linux-arm64\): \([0-9]*\) passed.*/\2/p' "$LOGS/arm64.log" | paste -sd+ - | bc)" \
        "$(sed -n 's/^\(abi\|native-linux-arm64\): [0-9]* passed, \([0-9]*\) failed.*/\2/p' "$LOGS/arm64.log" | paste -sd+ - | bc)" "$rc"
}

# libssl3 for arm64 through Debian multiarch, so the arm64 tests can make an https call too.
# Optional: where it cannot be installed the TLS check says it is skipped.
need_arm64_openssl() {
    [ -e /usr/lib/aarch64-linux-gnu/libssl.so.3 ] && return
    command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        note "dpkg --add-architecture arm64 (for libssl3:arm64)"
        $sudo dpkg --add-architecture arm64 || return 0
        apt_updated=0
    fi
    ( apt_install libssl3:arm64 ) || note "libssl3:arm64 could not be installed: the arm64 https check will be skipped"
}

# build.ps1 under PowerShell (a .NET global tool, installed when missing): its build and its
# own test path, on this machine, so the script that Windows users run cannot rot. It builds
# into a tree of its own, artifacts/pwsh/, and tests that tree.
suite_pwsh() {
    local rc=0 pwsh
    pwsh="$(command -v pwsh || true)"
    [ -n "$pwsh" ] || pwsh="$HOME/.dotnet/tools/pwsh"
    if [ ! -x "$pwsh" ]; then
        note "dotnet tool install --global PowerShell --version $PWSH_VERSION"
        dotnet tool install --global PowerShell --version "$PWSH_VERSION" >"$LOGS/pwsh-install.log" 2>&1 \
            || { cat "$LOGS/pwsh-install.log"; count_suite pwsh 0 1 1; return; }
    fi
    say "build.ps1 test under $("$pwsh" -NoProfile -Command '"PowerShell $($PSVersionTable.PSVersion)"')"
    LITELLM_ARTIFACTS="$ARTIFACTS/pwsh" "$pwsh" -NoProfile -NonInteractive -File ./build.ps1 test 2>&1 \
        | tee "$LOGS/pwsh.log" || rc=$?
    count_suite pwsh "$(sed -n 's/^suites: \([0-9]*\) passed.*/\1/p' "$LOGS/pwsh.log" | tail -1)" \
        "$(sed -n 's/^suites: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$LOGS/pwsh.log" | tail -1)" "$rc"
}
PWSH_VERSION=7.6.9

# run_tests [SUITE...]: managed, native, rust, go, static, abi, arm64, pwsh; quick = managed
# and native; none = all.
run_tests() {
    local suites=("$@")
    [ "${#suites[@]}" -gt 0 ] || suites=(managed native rust go static abi arm64 pwsh)
    local expanded=() s
    for s in "${suites[@]}"; do
        case "$s" in
            quick) expanded+=(managed native) ;;
            managed|native|rust|go|static|abi|arm64|pwsh) expanded+=("$s") ;;
            *) die "unknown test suite '$s' (managed, native, rust, go, static, abi, arm64, pwsh, quick)" ;;
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
    dist)
        make_dist
        ;;
    abi-baseline)
        build_all
        bash abi/check.sh --write "$ARTIFACTS/include/litellm.h" "$ARTIFACTS/lib/$LIBFILE"
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
        rm -rf "$ARTIFACTS" "$DIST"
        find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
        ;;
    -h|--help|help)
        sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    *)
        die "unknown command '$1' (try ./build.sh --help)"
        ;;
esac
