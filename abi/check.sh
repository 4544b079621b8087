#!/usr/bin/env bash
# The ABI check: the functions a build exports and what litellm.h declares, against the
# committed baseline abi/litellm.symbols, so that removing or renaming a function, changing
# a declaration, a callback type or a status value fails CI. An addition fails too, until
# the baseline is rewritten on purpose (./build.sh abi-baseline).
#
#   abi/check.sh HEADER LIBRARY [LIBRARY...]    compare; LIBRARY is a .so (nm -D), a .dylib
#                                               (nm -gU) or a .a
#   abi/check.sh --write HEADER LIBRARY         rewrite the baseline (LIBRARY must export
#                                               exactly what HEADER declares)
# NM names the nm to use (default nm; aarch64-linux-gnu-nm reads arm64 objects for sure).
# Prints one "ok"/"FAILED" line per check and "abi: N passed, M failed" last.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BASELINE="$HERE/litellm.symbols"
NM="${NM:-nm}"
write=0
if [ "${1:-}" = --write ]; then write=1; shift; fi
[ $# -ge 2 ] || { echo "usage: abi/check.sh [--write] HEADER LIBRARY [LIBRARY...]" >&2; exit 64; }
header="$1"; shift

# The header's declarations, one per line: "func NAME DECL", "type NAME DECL" or
# "const NAME VALUE", comments removed and white space collapsed, sorted.
declarations() {
    awk '
        # Comments out (they may span lines), then statements gathered up to their ";".
        {
            line = $0; out = ""
            while (length(line) > 0) {
                if (incomment) {
                    i = index(line, "*/"); if (i == 0) { line = "" } else { line = substr(line, i + 2); incomment = 0 }
                } else {
                    i = index(line, "/*"); if (i == 0) { out = out line; line = "" }
                    else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1 }
                }
            }
            if (out ~ /^#define LITELLM_ABI_VERSION /) { split(out, f, " "); print "const LITELLM_ABI_VERSION " f[3]; next }
            if (out ~ /^[ \t]*#/ || out ~ /^extern "C"/ || out ~ /^[ \t]*}[ \t]*$/ && stmt == "") next
            stmt = stmt " " out
            if (index(stmt, ";") == 0) next
            gsub(/[ \t]+/, " ", stmt); gsub(/\( /, "(", stmt); gsub(/ \)/, ")", stmt); gsub(/ ,/, ",", stmt)
            sub(/^ /, "", stmt); sub(/ $/, "", stmt)
            if (stmt ~ /^typedef enum /) {
                body = stmt; sub(/^[^{]*\{/, "", body); sub(/\}.*$/, "", body)
                n = split(body, members, ",")
                for (k = 1; k <= n; k++) {
                    m = members[k]; gsub(/ /, "", m)
                    if (m != "") { split(m, kv, "="); print "const " kv[1] " " kv[2] }
                }
                name = stmt; sub(/;$/, "", name); sub(/^.* /, "", name)
                print "type " name " typedef enum " name
            } else if (stmt ~ /^typedef /) {
                name = stmt
                if (match(name, /\(\*[a-z_0-9]+\)/)) name = substr(name, RSTART + 2, RLENGTH - 3)
                else { sub(/;$/, "", name); sub(/^.* /, "", name) }
                print "type " name " " stmt
            } else if (match(stmt, /[a-z_0-9]+\(/)) {
                print "func " substr(stmt, RSTART, RLENGTH - 1) " " stmt
            }
            stmt = ""
        }
    ' "$header" | LC_ALL=C sort
}

# The litellm_* functions a library defines for others: the dynamic symbols of a shared
# library, the global definitions of an archive; and anything else it exports, marked "other".
exports_of() {
    local lib="$1"
    case "$lib" in
        *.a) "$NM" -g --defined-only "$lib" 2>/dev/null | awk 'NF >= 3 {print $3}' ;;
        *.dylib) "$NM" -gU "$lib" | awk 'NF >= 3 {print $3}' ;;   # Mach-O: no -D (not run here)
        *)   "$NM" -D --defined-only "$lib" | awk 'NF >= 3 && $2 != "A" {print $3}' | sed 's/@.*//' ;;
    esac | sed 's/^_litellm_/litellm_/' | awk '/^litellm_/ {print; next} {print "other:" $0}' | LC_ALL=C sort -u
}

declared="$(declarations)"
declared_funcs="$(awk '$1 == "func" {print $2}' <<<"$declared")"

if [ "$write" -eq 1 ]; then
    got="$(exports_of "$1")"
    if [ "$got" != "$declared_funcs" ]; then
        echo "abi: not written: $1 exports and $header declares different functions:" >&2
        diff <(echo "$declared_funcs") <(echo "$got") | sed -n 's/^< /    declared only: /p; s/^> /    exported only: /p' >&2
        exit 1
    fi
    {
        echo "# The ABI of liblitellm, checked by ./build.sh test (abi/check.sh): the functions"
        echo "# litellm.h declares and the library exports, the callback types, the status values and"
        echo "# LITELLM_ABI_VERSION. Written by ./build.sh abi-baseline after a deliberate change."
        echo "$declared"
    } >"$BASELINE"
    echo "abi: wrote $BASELINE ($(wc -l <<<"$declared_funcs") functions)"
    exit 0
fi

[ -f "$BASELINE" ] || { echo "abi: $BASELINE is missing: run ./build.sh abi-baseline" >&2; exit 1; }
baseline="$(grep -v '^#' "$BASELINE" | LC_ALL=C sort)"
baseline_funcs="$(awk '$1 == "func" {print $2}' <<<"$baseline")"
hint="(a deliberate change? ./build.sh abi-baseline rewrites abi/litellm.symbols)"

passed=0; failed=0
ok()   { printf 'ok     %s\n' "$1"; passed=$((passed + 1)); }
fail() { printf 'FAILED %s\n' "$1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }
# differences WANT GOT: the lines only in the baseline, then the lines only in the build.
differences() {
    diff <(echo "$1") <(echo "$2") | sed -n 's/^< /baseline only: /p; s/^> /build only:    /p' || true
}

if [ "$declared" = "$baseline" ]; then
    ok "header_matches_abi_baseline ($(wc -l <<<"$baseline_funcs") functions, $(grep -c '^type ' <<<"$baseline") types, $(grep -c '^const ' <<<"$baseline") constants)"
else
    mapfile -t lines < <(differences "$baseline" "$declared")
    fail "header_matches_abi_baseline" "${lines[@]}" "$hint"
fi
for lib in "$@"; do
    got="$(exports_of "$lib")"
    name="exports_of_$(basename "$lib" | tr -c 'A-Za-z0-9\n' '_')_match_abi_baseline"
    [ -n "${ABI_LABEL:-}" ] && name="${ABI_LABEL}_$name"
    if [ "$got" = "$baseline_funcs" ]; then
        ok "$name"
    else
        mapfile -t lines < <(differences "$baseline_funcs" "$got")
        fail "$name" "${lines[@]}" "$hint"
    fi
done
echo "abi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
