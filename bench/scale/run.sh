#!/usr/bin/env bash
# liblitellm scale benchmark: N concurrent LLM streams from one process, liblitellm's
# asynchronous ABI against a thread per blocking call, Go net/http and Rust reqwest+tokio,
# all against one slow local server (20 SSE chunks 100 ms apart per stream).
#
#   bash bench/scale/run.sh [ARTIFACTS_DIR]        (what `./build.sh bench scale` runs)
#
# Prints a table and target checks, and writes bench/scale/results.md. See
# bench/scale/README.md. Knobs (environment, defaults in brackets):
#   BENCH_SCALE_ROUNDS [1]   BENCH_SCALE_N ["1000 10000"] streams per host process
#   BENCH_SCALE_TIMEOUT [120] seconds, any one host process
#   BENCH_SCALE_CLIENTS ["async threads go rust"]  BENCH_SCALE_OUT [bench/scale/]
set -euo pipefail

SCALE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=$(dirname "$SCALE_DIR")
ROOT=$(dirname "$BENCH_DIR")
ART_IN=${1:-$ROOT/artifacts}
ROUNDS=${BENCH_SCALE_ROUNDS:-1}
NS=${BENCH_SCALE_N:-"1000 10000"}
JOB_TIMEOUT=${BENCH_SCALE_TIMEOUT:-120}
CLIENTS=${BENCH_SCALE_CLIENTS:-"async threads go rust"}
OUT_DIR=${BENCH_SCALE_OUT:-$SCALE_DIR}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench/scale: %s\n' "$*" >&2; exit 1; }

[[ -f $ART_IN/lib/liblitellm.so && -f $ART_IN/include/litellm.h ]] ||
    die "no artifacts in $ART_IN (lib/liblitellm.so, include/litellm.h): run ./build.sh first"

# ---------------------------------------------------------------- dependencies (Debian)
# shellcheck source=bench/apt.sh
. "$BENCH_DIR/apt.sh"
want=()
command -v cc >/dev/null || want+=(gcc libc6-dev)
command -v curl >/dev/null || want+=(curl)
command -v go >/dev/null || want+=(golang-go)
[[ -x /usr/bin/time ]] || want+=(time)
# The Rust host's crates, as Debian packages them (a cargo directory registry under
# /usr/share/cargo/registry, which host_rust/.cargo/config.toml points at).
for p in librust-reqwest-dev librust-tokio-dev librust-serde-json-dev librust-futures-util-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || want+=("$p")
done
[[ ${#want[@]} -eq 0 ]] || apt_install "${want[@]}"
# cargo: rustup's if there is one, else Debian's.
CARGO=
for c in "$(command -v cargo || true)" "$HOME/.cargo/bin/cargo" /root/.cargo/bin/cargo; do
    [[ -n $c && -x $c ]] && { CARGO=$c; break; }
done
if [[ -z $CARGO ]]; then
    apt_install cargo
    CARGO=$(command -v cargo)
fi

# ---------------------------------------------------------------- scratch space + cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/litellm-bench-scale.XXXXXX")
SERVER_PID=
SOMAXCONN_WAS=
SYNBACKLOG_WAS=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    # put back the kernel settings this run raised
    [[ -z $SOMAXCONN_WAS ]] || "${SUDO[@]}" sysctl -q -w net.core.somaxconn="$SOMAXCONN_WAS" >/dev/null 2>&1 || true
    [[ -z $SYNBACKLOG_WAS ]] || "${SUDO[@]}" sysctl -q -w net.ipv4.tcp_max_syn_backlog="$SYNBACKLOG_WAS" >/dev/null 2>&1 || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Snapshot the artifacts: a newer build may replace them while we run.
ART=$WORK/art
mkdir -p "$ART/lib" "$ART/include"
# The file by its soname too (liblitellm.so.0): what the hosts load at run time.
cp -L "$ART_IN"/lib/liblitellm.so* "$ART/lib/"
cp "$ART_IN/include/litellm.h" "$ART/include/"

# ---------------------------------------------------------------- build the server and hosts
say "building the server and the hosts"
BIN=$WORK/bin
mkdir -p "$BIN"
BUILD_NOTES=$WORK/build_notes.txt
: >"$BUILD_NOTES"
CFLAGS=(-O2 -g -Wall -Wextra -pthread -I"$ART/include" -I"$SCALE_DIR")
LITELLM_LD=(-L"$ART/lib" -Wl,-rpath,"$ART/lib" -llitellm)
cc -O2 -g -Wall -Wextra "$SCALE_DIR/slow_server.c" -o "$BIN/slow_server" || die "the server did not build"
build_host() { # NAME CMD... : a host that does not build is reported, not fatal
    local name=$1
    shift
    if ! "$@" >"$WORK/build_$name.log" 2>&1; then
        say "$name did not build (see results)"
        printf '%s\t%s\n' "$name" "$(grep -m3 -iE 'error|implicit' "$WORK/build_$name.log" | tr '\t\n' '  ')" >>"$BUILD_NOTES"
        return 0
    fi
}
for c in $CLIENTS; do
    case $c in
        async) build_host async cc "${CFLAGS[@]}" "$SCALE_DIR/host_async.c" -o "$BIN/host_async" "${LITELLM_LD[@]}" ;;
        threads) build_host threads cc "${CFLAGS[@]}" "$SCALE_DIR/host_threads.c" -o "$BIN/host_threads" "${LITELLM_LD[@]}" ;;
        go)
            build_host go env GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on \
                sh -c "cd '$SCALE_DIR/host_go' && go build -trimpath -o '$BIN/host_go' ."
            ;;
        rust)
            # Built in a copy (cargo writes Cargo.lock beside Cargo.toml); the target dir is a
            # cache outside the tree, so a second run does not compile the crates again.
            cp -r "$SCALE_DIR/host_rust" "$WORK/host_rust"
            rm -rf "$WORK/host_rust/target" "$WORK/host_rust/Cargo.lock"
            RUST_TARGET=${XDG_CACHE_HOME:-$HOME/.cache}/liblitellm-bench/scale-rust-target
            mkdir -p "$RUST_TARGET"
            build_host rust sh -c "cd '$WORK/host_rust' && CARGO_TARGET_DIR='$RUST_TARGET' '$CARGO' build --release --offline &&
                cp '$RUST_TARGET/release/host_rust' '$BIN/host_rust'"
            ;;
        *) die "unknown client '$c' in BENCH_SCALE_CLIENTS (async threads go rust)" ;;
    esac
done
(cd "$SCALE_DIR/report" && GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on go build -trimpath -o "$BIN/report" .) ||
    die "the report did not build"

# ---------------------------------------------------------------- kernel limits
# 10,000 clients connect at once: the accept queue is min(backlog, somaxconn). Raise
# somaxconn (and the SYN queue) for the run if we may; otherwise note it: connects past
# the queue wait for SYN retransmits (1 s, 3 s, ...), which shows in the first-delta times.
SOMAXCONN=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo unknown)
SYNBACKLOG=$(cat /proc/sys/net/ipv4/tcp_max_syn_backlog 2>/dev/null || echo unknown)
if [[ $SOMAXCONN =~ ^[0-9]+$ && $SOMAXCONN -lt 65535 ]]; then
    if "${SUDO[@]}" sysctl -q -w net.core.somaxconn=65535 >/dev/null 2>&1; then SOMAXCONN_WAS=$SOMAXCONN; fi
fi
if [[ $SYNBACKLOG =~ ^[0-9]+$ && $SYNBACKLOG -lt 65535 ]]; then
    if "${SUDO[@]}" sysctl -q -w net.ipv4.tcp_max_syn_backlog=65535 >/dev/null 2>&1; then SYNBACKLOG_WAS=$SYNBACKLOG; fi
fi
SOMAXCONN_NOW=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo unknown)
SYNBACKLOG_NOW=$(cat /proc/sys/net/ipv4/tcp_max_syn_backlog 2>/dev/null || echo unknown)
NOFILE_HARD=$(ulimit -Hn)
max_n=0
for n in $NS; do [[ $n -gt $max_n ]] && max_n=$n; done
[[ $NOFILE_HARD == unlimited || $NOFILE_HARD -gt $((max_n + 100)) ]] ||
    say "warning: the hard RLIMIT_NOFILE is $NOFILE_HARD, below N=$max_n connections: expect failures"

# ---------------------------------------------------------------- the slow server
"$BIN/slow_server" -f "$WORK/port" >"$WORK/server.out" 2>"$WORK/server.err" </dev/null &
SERVER_PID=$!
for _ in $(seq 1 100); do [[ -s $WORK/port ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
[[ -s $WORK/port ]] || die "the server did not start: $(cat "$WORK/server.err")"
PORT=$(cat "$WORK/port")
BASE=http://127.0.0.1:$PORT
URL=$BASE/v1/chat/completions
say "slow_server on $BASE (pid $SERVER_PID): $(cat "$WORK/server.out")"
stat_of() { # KEY : one counter of the server's /stats
    curl -s -m 5 "$BASE/stats" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}
expected="t0 t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 t14 t15 t16 t17 t18 t19 "
sse=$(curl -sN -m 10 -X POST -H 'Content-Type: application/json' -d '{"model":"m","messages":[],"stream":true}' "$URL") ||
    die "the server's stream answer failed"
got=$(printf '%s\n' "$sse" | sed -n 's/.*"content":"\([^"]*\)".*/\1/p' | tr -d '\n')
[[ $got == "$expected" && $sse == *'"finish_reason":"stop"'* && $sse == *'data: [DONE]'* ]] ||
    die "the server's stream answer is wrong: $sse"

unset LITELLM_PROXY_API_BASE LITELLM_PROXY_API_KEY LITELLM_BASE_URL LITELLM_API_KEY LITELLM_MODEL LITELLM_LOG \
    LITELLM_TIMEOUT_MS LITELLM_MAX_RETRIES http_proxy https_proxy all_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY no_proxy NO_PROXY

RAW=$WORK/raw.txt
NOTES=$WORK/notes.txt
: >"$RAW"
: >"$NOTES"

# wait_idle : until the server holds no connection but the /stats one (the previous host's
# connections have closed), at most 20 s.
wait_idle() {
    local a
    for _ in $(seq 1 200); do
        a=$(stat_of active)
        [[ ${a:-9} -le 1 ]] && return 0
        sleep 0.1
    done
    say "the server still holds $a connections"
}

# server_cpu_ticks : the server's user + system CPU so far, in clock ticks
server_cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}
TICKS=$(getconf CLK_TCK)
# tcp_counters : the kernel's TCP counters that show a connect burst going wrong (accept
# queue overflows, dropped SYNs, SYN retransmits, retransmit timeouts), as "a b c d e"
tcp_counters() {
    awk '/^TcpExt:/ { if (!h) { for (i = 2; i <= NF; i++) name[i] = $i; h = 1; next }
                      for (i = 2; i <= NF; i++) v[name[i]] = $i }
         END { printf "%d %d %d %d %d", v["ListenOverflows"], v["ListenDrops"], v["TCPSynRetrans"], v["TCPTimeouts"], v["SyncookiesSent"] }' \
        /proc/net/netstat 2>/dev/null || echo "0 0 0 0 0"
}

# run_job ROUND CLIENT N CMD... : one host process under GNU time and timeout; appends one
# line to raw.txt (the host's kind=scale line, or a stand-in if it printed none, plus the
# outside measurements and how many connections the server accepted meanwhile).
run_job() {
    local round=$1 client=$2 n=$3 before after rc line outcome cpu0 cpu1 net net0 net1
    shift 3
    wait_idle
    before=$(stat_of accepted)
    cpu0=$(server_cpu_ticks)
    net0=$(tcp_counters)
    rc=0
    /usr/bin/time -o "$WORK/time.txt" -f 'time_wall_s=%e time_user_s=%U time_sys_s=%S time_maxrss_kb=%M' \
        timeout -k 5 "$JOB_TIMEOUT" "$@" >"$WORK/job.out" 2>"$WORK/job.err" || rc=$?
    cpu1=$(server_cpu_ticks)
    net1=$(tcp_counters)
    after=$(stat_of accepted)
    net=$(awk -v a="$net0" -v b="$net1" 'BEGIN { split(a, x, " "); split(b, y, " ");
        printf "listen_overflows=%d listen_drops=%d syn_retrans=%d tcp_timeouts=%d syncookies=%d",
            y[1] - x[1], y[2] - x[2], y[3] - x[3], y[4] - x[4], y[5] - x[5] }')
    line=$(grep -m1 '^kind=scale ' "$WORK/job.out" || true)
    case $rc in
        0) outcome=ok ;;
        124 | 137) outcome=timeout ;;
        *) outcome=failed ;;
    esac
    [[ -n $line ]] || line="kind=scale client=$client n=$n answered=0 failed=$n"
    printf '%s round=%s job=%s rc=%s outcome=%s conns=%s server_cpu_s=%s %s %s\n' "$line" "$round" "$client" "$rc" "$outcome" \
        "$((after - before - 1))" "$(awk -v t="$((cpu1 - cpu0))" -v h="$TICKS" 'BEGIN { printf "%.2f", t / h }')" "$net" "$(grep -m1 '^time_wall_s=' "$WORK/time.txt" || echo time_wall_s=-1)" >>"$RAW"
    if [[ $outcome != ok || -s $WORK/job.err ]]; then
        printf 'round %s, %s, N=%s: %s (rc %s): %s\n' "$round" "$client" "$n" "$outcome" "$rc" \
            "$(head -c 600 "$WORK/job.err" | tr '\n' ' ')" >>"$NOTES"
    fi
    say "  $client N=$n: $outcome, $(sed 's/kind=scale //; s/ threads_main=.*//' <<<"$line"), $(cat "$WORK/time.txt" | tail -1)"
}

do_job() { # ROUND CLIENT N
    local r=$1 c=$2 n=$3
    if [[ ! -x $BIN/host_$c ]]; then
        printf 'kind=scale client=%s n=%s answered=0 failed=%s round=%s job=%s rc=-1 outcome=not-built conns=0 time_wall_s=-1\n' \
            "$c" "$n" "$n" "$r" "$c" >>"$RAW"
        return
    fi
    case $c in
        async) run_job "$r" async "$n" "$BIN/host_async" "$BASE" "$n" "$((JOB_TIMEOUT - 10))" ;;
        threads) run_job "$r" threads "$n" "$BIN/host_threads" "$BASE" "$n" ;;
        go) run_job "$r" go "$n" "$BIN/host_go" "$URL" "$n" ;;
        rust) run_job "$r" rust "$n" "$BIN/host_rust" "$URL" "$n" ;;
    esac
}

rotate() { # SHIFT WORD... : the words, rotated left by SHIFT
    local k=$1
    shift
    local n=$# i
    local -a w=("$@")
    for ((i = 0; i < n; i++)); do printf '%s ' "${w[$(((i + k) % n))]}"; done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
step=0
for r in $(seq 1 "$ROUNDS"); do
    for n in $NS; do
        # the hosts run interleaved, in an order rotated for every (round, N)
        # shellcheck disable=SC2086
        order=($(rotate "$step" $CLIENTS))
        step=$((step + 1))
        say "round $r/$ROUNDS, N=$n: ${order[*]}"
        for c in "${order[@]}"; do do_job "$r" "$c" "$n"; done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- machine + report
SERVER_STATS=$(curl -s -m 5 "$BASE/stats" || echo unknown)
rust_ver() { # CRATE : the version cargo resolved for the Rust host
    sed -n "/^name = \"$1\"$/{n;s/^version = \"\(.*\)\"/\1/p;q}" "$WORK/host_rust/Cargo.lock" 2>/dev/null
}
META=$WORK/meta.txt
{
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    printf 'memory\t%s\n' "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'os\t%s\n' "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    printf 'load average before / after\t%s / %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
    printf 'liblitellm\t%s (%s)\n' "$("$BIN/host_threads" version 2>/dev/null || echo '?')" "$(cd "$ART_IN" && pwd)"
    printf 'tree\t%s\n' "$(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null | cut -c1-100 || echo unknown)"
    printf 'go\t%s\n' "$(go version | awk '{print $3}')"
    printf 'rust\t%s; reqwest %s, hyper %s, tokio %s, serde_json %s (Debian crates)\n' "$("$CARGO" --version 2>/dev/null | sed 's/ (.*//')" \
        "$(rust_ver reqwest)" "$(rust_ver hyper)" "$(rust_ver tokio)" "$(rust_ver serde_json)"
    printf 'cc\t%s\n' "$(cc --version | head -1)"
    printf 'server\tslow_server (one thread, epoll): %s\n' "$(cat "$WORK/server.out")"
    printf 'server counters at the end\t%s\n' "$SERVER_STATS"
    printf 'net.core.somaxconn\t%s%s\n' "$SOMAXCONN_NOW" "$([[ -n $SOMAXCONN_WAS ]] && echo " (raised from $SOMAXCONN_WAS for the run)")"
    printf 'net.ipv4.tcp_max_syn_backlog\t%s%s\n' "$SYNBACKLOG_NOW" "$([[ -n $SYNBACKLOG_WAS ]] && echo " (raised from $SYNBACKLOG_WAS for the run)")"
    printf 'RLIMIT_NOFILE hard\t%s\n' "$NOFILE_HARD"
    printf 'rounds\t%s\n' "$ROUNDS"
    printf 'N\t%s\n' "$NS"
    printf 'timeout per host\t%s s\n' "$JOB_TIMEOUT"
    printf 'elapsed\t%s s\n' "$(($(date +%s) - START))"
} >"$META"

mkdir -p "$OUT_DIR"
"$BIN/report" -raw "$RAW" -meta "$META" -notes "$NOTES" -build-notes "$BUILD_NOTES" -md "$OUT_DIR/results.md"
say "wrote $OUT_DIR/results.md ($(($(date +%s) - START)) s)"
