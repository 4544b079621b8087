#!/usr/bin/env bash
# liblitellm benchmark suite: liblitellm vs libcurl vs Go net/http against a local nginx.
#
#   bash bench/run.sh [ARTIFACTS_DIR]        (what `./build.sh bench` runs)
#
# Prints a table with ratios and target checks, and writes bench/results.md and
# bench/latency.svg. See bench/README.md. Knobs (environment, defaults in brackets):
#   BENCH_ROUNDS [7]  BENCH_N [5000] calls per thread per run  BENCH_WARMUP [300]
#   BENCH_STREAM_N [1000] interleaved stream pairs per round   BENCH_COLD_K [10] fresh
#   processes per client per round   BENCH_RSS_CALLS [100000]   BENCH_OUT [bench/]
#   BENCH_TLS_NEW_N [1000] calls per run on a new TLS connection each
#   BENCH_EMBED_N [8] embeddings calls (2,048 inputs each) per client per round
#   BENCH_NO_HYPERFINE=1 times the CLI with bench/coldstart.c even if hyperfine is there
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
ART_IN=${1:-$ROOT/artifacts}
ROUNDS=${BENCH_ROUNDS:-7}
N=${BENCH_N:-5000}
WARMUP=${BENCH_WARMUP:-300}
STREAM_N=${BENCH_STREAM_N:-1000}
COLD_K=${BENCH_COLD_K:-10}
TLS_NEW_N=${BENCH_TLS_NEW_N:-1000}
EMBED_N=${BENCH_EMBED_N:-8}
EMBED_INPUTS=2048   # texts per embeddings call, vectors of EMBED_DIMS floats in the answer
EMBED_DIMS=1536
RSS_CALLS=${BENCH_RSS_CALLS:-100000}
OUT_DIR=${BENCH_OUT:-$BENCH_DIR}
THREADS=4
JOB_TIMEOUT=300   # seconds, any one measurement process

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

[[ -f $ART_IN/lib/liblitellm.so && -x $ART_IN/bin/litellm && -f $ART_IN/include/litellm.h ]] ||
    die "no artifacts in $ART_IN (lib/liblitellm.so, bin/litellm, include/litellm.h): run ./build.sh first"

# ---------------------------------------------------------------- dependencies (Debian)
# shellcheck source=bench/apt.sh
. "$BENCH_DIR/apt.sh"
want=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || want+=(nginx)
command -v cc >/dev/null || want+=(gcc libc6-dev)
command -v curl >/dev/null || want+=(curl)
echo '#include <curl/curl.h>' | cc -E -x c - >/dev/null 2>&1 || want+=(libcurl4-openssl-dev)
command -v go >/dev/null || want+=(golang-go)
command -v strip >/dev/null || want+=(binutils)
command -v openssl >/dev/null || want+=(openssl)
[[ ${#want[@]} -eq 0 ]] || apt_install "${want[@]}"
# hyperfine is optional: without it an own timing loop (coldstart -n) stands in.
if ! command -v hyperfine >/dev/null && [[ -z ${BENCH_NO_HYPERFINE:-} ]]; then
    ( apt_install hyperfine ) || say "no hyperfine: timing the CLI with bench/coldstart.c instead"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || die "nginx is missing"
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null && [[ -z ${BENCH_NO_HYPERFINE:-} ]] && HAVE_HYPERFINE=1

# ---------------------------------------------------------------- scratch space + cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/litellm-bench.XXXXXX")
NGINX_PID=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Snapshot the artifacts: a newer build may replace them while we run, and one run must
# measure one build.
ART=$WORK/art
mkdir -p "$ART/lib" "$ART/bin" "$ART/include"
# The file by its soname too (liblitellm.so.0): what the hosts load at run time.
cp -L "$ART_IN"/lib/liblitellm.so* "$ART/lib/"
cp "$ART_IN/bin/litellm" "$ART/bin/"
cp "$ART_IN/include/litellm.h" "$ART/include/"

# ---------------------------------------------------------------- build the hosts
say "building the hosts"
BIN=$WORK/bin
mkdir -p "$BIN"
CFLAGS=(-O2 -g -Wall -Wextra -pthread -I"$ART/include" -I"$BENCH_DIR")
LITELLM_LD=(-L"$ART/lib" -Wl,-rpath,"$ART/lib" -llitellm)
cc "${CFLAGS[@]}" "$BENCH_DIR/host_litellm.c" -o "$BIN/host_litellm" "${LITELLM_LD[@]}"
cc "${CFLAGS[@]}" "$BENCH_DIR/host_curl.c" -o "$BIN/host_curl" -lcurl
cc "${CFLAGS[@]}" "$BENCH_DIR/first_token.c" -o "$BIN/first_token" "${LITELLM_LD[@]}" -lcurl
cc "${CFLAGS[@]}" "$BENCH_DIR/coldstart.c" -o "$BIN/coldstart"
export GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on
GOCACHE=$(go env GOCACHE 2>/dev/null || true)
[[ -n $GOCACHE && $GOCACHE != off ]] || GOCACHE=$WORK/gocache
export GOCACHE
(cd "$BENCH_DIR/host_go" && go build -trimpath -o "$BIN/host_go" .)
(cd "$BENCH_DIR/report" && go build -trimpath -o "$BIN/report" .)

# ---------------------------------------------------------------- TLS: a private CA
# The TLS rows talk to nginx over TLS with a certificate from a CA made here (EC P-256, for
# "localhost" and 127.0.0.1). TRUST_DIR and TRUST_FILE are the system's trust plus that CA:
# the hashed directory (every <subject-hash>.N entry of OpenSSL's certs directory, and the
# CA under its own hash) and the bundle file with the CA appended. The CLI rows use them:
# SSL_CERT_DIR/SSL_CERT_FILE for litellm, --capath/--cacert for curl.
TLS=$WORK/tls
mkdir -p "$TLS/trust"
tls_make() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/ca.key" -out "$TLS/ca.pem" \
        -days 30 -subj "/CN=liblitellm bench CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/server.key" -out "$TLS/server.csr" \
        -subj "/CN=localhost" &&
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >"$TLS/ext.cnf" &&
    openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
        -out "$TLS/server.pem" -days 7 -extfile "$TLS/ext.cnf"
}
tls_make >"$TLS/openssl.log" 2>&1 || die "cannot make the TLS certificates: $(cat "$TLS/openssl.log")"
OPENSSLDIR=$(openssl version -d | sed 's/^OPENSSLDIR: "\(.*\)"$/\1/')
SYS_CERT_DIR=${SSL_CERT_DIR:-$OPENSSLDIR/certs}
SYS_CERT_FILE=${SSL_CERT_FILE:-$OPENSSLDIR/cert.pem}
for f in "$SYS_CERT_DIR"/*; do
    name=${f##*/}
    [[ $name =~ ^[0-9a-f]{8}\.[0-9]+$ ]] && ln -s "$(readlink -f "$f")" "$TLS/trust/$name"
done
ca_hash=$(openssl x509 -noout -subject_hash -in "$TLS/ca.pem")
n=0
while [[ -e $TLS/trust/$ca_hash.$n ]]; do n=$((n + 1)); done
cp "$TLS/ca.pem" "$TLS/trust/$ca_hash.$n"
cat "$SYS_CERT_FILE" "$TLS/ca.pem" >"$TLS/bundle.pem" 2>/dev/null || cp "$TLS/ca.pem" "$TLS/bundle.pem"
TRUST_DIR=$TLS/trust
TRUST_FILE=$TLS/bundle.pem
unset SSL_CERT_DIR SSL_CERT_FILE # only the CLI rows set them, for litellm

# ---------------------------------------------------------------- nginx on loopback
# A fixed chat completion, and the same answer as an SSE stream, both from `return`.
COMPLETION='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, how are you?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":7,"total_tokens":21}}'
chunk() { printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[%s]%s}\\n\\n' "$1" "${2:-}"; }
SSE="$(chunk '{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}')"
SSE+="$(chunk '{"index":0,"delta":{"content":" there,"},"finish_reason":null}')"
SSE+="$(chunk '{"index":0,"delta":{"content":" how are you?"},"finish_reason":null}')"
SSE+="$(chunk '{"index":0,"delta":{},"finish_reason":"stop"}')"
SSE+="$(chunk '' ',"usage":{"prompt_tokens":14,"completion_tokens":7,"total_tokens":21}')"
SSE+='data: [DONE]\n\n'

write_nginx_conf() { # PORT (http; PORT+1: https, keep-alive; PORT+2: https, a connection per request)
    local d=$WORK/nginx user_line= locations
    mkdir -p "$d"
    [[ $(id -u) -eq 0 ]] && user_line="user root;"
    locations=$(cat <<EOF
        location = /v1/chat/completions {
            default_type application/json;
            add_header x-litellm-response-cost 0.00042;
            return 200 '$COMPLETION';
        }
EOF
)
    cat >"$d/nginx.conf" <<EOF
# written by bench/run.sh; everything under $d
daemon off;
master_process off;
worker_processes 1;
$user_line
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $d/client_body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    tcp_nodelay on;
    server_tokens off;
    server {
        listen 127.0.0.1:$1;
        location = /v1/chat/completions {
            default_type application/json;
            add_header x-litellm-response-cost 0.00042;
            return 200 '$COMPLETION';
        }
        location = /stream/v1/chat/completions {
            default_type text/event-stream;
            add_header Cache-Control no-cache;
            return 200 '$SSE';
        }
        # The embeddings answer (16 MiB: 2,048 base64 vectors of 1,536 floats) is a file; a
        # POST to a static file is a 405, which error_page turns into the file's 200.
        location = /v1/embeddings {
            root $d/static;
            default_type application/json;
            client_max_body_size 4m;
            error_page 405 =200 \$uri;
        }
        location = /nginx_status { stub_status; }
        location / { return 404; }
    }
    # TLS with the private CA's certificate. Sessions resume as a server normally allows:
    # TLS 1.3 tickets and TLS 1.2 session ids (a shared cache) or tickets.
    ssl_certificate $TLS/server.pem;
    ssl_certificate_key $TLS/server.key;
    ssl_protocols TLSv1.2 TLSv1.3; # nginx before 1.23.4 leaves TLS 1.3 out by default
    ssl_session_cache shared:bench:1m;
    # One line per request on the connection-per-call server: whether its handshake resumed
    # a session ("r") or was a full one ("."), and who asked (libcurl sends no User-Agent).
    log_format resumption '\$ssl_protocol \$ssl_session_reused \$http_user_agent';
    server {
        listen 127.0.0.1:$(($1 + 1)) ssl;
$locations
        location / { return 404; }
    }
    server {
        listen 127.0.0.1:$(($1 + 2)) ssl;
        keepalive_timeout 0; # every answer closes its connection: each call opens a new one
        access_log $d/resumption.log resumption;
$locations
        location / { return 404; }
    }
}
EOF
}

# The embeddings answer nginx serves, made once by the Go host (random vectors in the range
# of real embeddings, OpenAI's shape).
mkdir -p "$WORK/nginx/static/v1"
"$BIN/host_go" gen-embed "$EMBED_INPUTS" "$EMBED_DIMS" >"$WORK/nginx/static/v1/embeddings"

PORT=
for _ in $(seq 1 20); do
    try=$((20000 + RANDOM % 40000))   # and the two next ports, for TLS
    write_nginx_conf "$try"
    "$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" </dev/null >"$WORK/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 1 50); do
        if curl -s -m 1 -o /dev/null "http://127.0.0.1:$try/nginx_status"; then PORT=$try; break; fi
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n $PORT ]] && break
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=
done
[[ -n $PORT ]] || die "nginx did not start: $(cat "$WORK/nginx/error.log" 2>/dev/null)"
BASE=http://127.0.0.1:$PORT
URL=$BASE/v1/chat/completions
# TLS by name (the certificate also carries 127.0.0.1): the name is what a deployment uses.
TLS_BASE=https://localhost:$((PORT + 1))
TLS_URL=$TLS_BASE/v1/chat/completions
TLS_NEW_BASE=https://localhost:$((PORT + 2))
TLS_NEW_URL=$TLS_NEW_BASE/v1/chat/completions
say "nginx $($NGINX -v 2>&1 | sed 's/.*\///') on $BASE (pid $NGINX_PID)"

export BENCH_STATUS_PORT=$PORT   # the hosts read nginx's accepts counter around their timed loops
accepts() { curl -s -m 2 "$BASE/nginx_status" | awk 'NR==3 {print $1}'; }

# Sanity: every client gets the answer it expects before we time anything.
curl -sf -m 5 -X POST -H 'Content-Type: application/json' -d '{}' "$URL" | grep -q '"Hello there' || die "nginx answer is wrong"
curl -sf -m 5 -X POST -d '{}' "$BASE/stream/v1/chat/completions" | grep -q 'data: \[DONE\]' || die "nginx SSE answer is wrong"
curl -sf -m 20 -X POST -H 'Content-Type: application/json' -d '{}' -o "$WORK/embeddings.out" "$BASE/v1/embeddings" &&
    cmp -s "$WORK/embeddings.out" "$WORK/nginx/static/v1/embeddings" || die "nginx embeddings answer is wrong"
for u in "$TLS_URL" "$TLS_NEW_URL"; do
    curl -sf -m 5 --cacert "$TLS/ca.pem" -X POST -d '{}' "$u" | grep -q '"Hello there' || die "nginx TLS answer ($u) is wrong"
done

# The CLI reads its endpoint from the environment; the proxy variables win, so clear them.
unset LITELLM_PROXY_API_BASE LITELLM_PROXY_API_KEY LITELLM_MODEL LITELLM_LOG LITELLM_TIMEOUT_MS
export LITELLM_BASE_URL=$BASE LITELLM_API_KEY= LITELLM_MAX_RETRIES=0
printf '%s' '{"model":"m","messages":[{"role":"user","content":"hi"}]}' >"$WORK/body.json"
cli_out=$(timeout 20 "$ART/bin/litellm" generate --model m hi 2>&1) || die "the CLI failed: $cli_out"
[[ $cli_out == "Hello there"* ]] || die "the CLI answered: $cli_out"
# The CLI over TLS trusts what the system trusts; here the system is TRUST_DIR/TRUST_FILE.
TLS_CLI_ENV=(env "LITELLM_BASE_URL=$TLS_BASE" "SSL_CERT_DIR=$TRUST_DIR" "SSL_CERT_FILE=$TRUST_FILE")
TLS_CURL_CLI=(curl -s --cacert "$TRUST_FILE" --capath "$TRUST_DIR" -X POST -H 'Content-Type: application/json' --data-binary "@$WORK/body.json" "$TLS_URL")
cli_out=$(timeout 20 "${TLS_CLI_ENV[@]}" "$ART/bin/litellm" generate --model m hi 2>&1) || die "the CLI over TLS failed: $cli_out"
[[ $cli_out == "Hello there"* ]] || die "the CLI over TLS answered: $cli_out"
"${TLS_CURL_CLI[@]}" | grep -q '"Hello there' || die "curl over TLS with the system trust + CA failed"
# The library hosts trust the one CA only: ca_file for liblitellm, CURLOPT_CAINFO for libcurl.
TLS_HOST_ENV=(env "BENCH_CA_FILE=$TLS/ca.pem")

RAW=$WORK/raw.txt
: >"$RAW"

# run_job ROUND NAME CMD... : run one measurement process, bounded, and append its result
# lines to raw.txt tagged with the round, the job name and how many connections nginx
# accepted during it (a keep-alive client opens one per thread, then never again).
run_job() {
    local round=$1 name=$2 before after out
    shift 2
    before=$(accepts)
    if ! out=$(timeout -k 5 "$JOB_TIMEOUT" "$@" 2>"$WORK/job.err"); then
        cat "$WORK/job.err" >&2
        die "$name (round $round) failed"
    fi
    after=$(accepts)
    while IFS= read -r line; do
        [[ -n $line ]] && printf '%s round=%s job=%s conns=%s\n' "$line" "$round" "$name" "$((after - before - 1))" >>"$RAW"
    done <<<"$out"
}

cli_job() { # ROUND
    local r=$1
    if [[ $HAVE_HYPERFINE -eq 1 ]]; then
        timeout -k 5 "$JOB_TIMEOUT" hyperfine -N --style none --warmup 3 --runs 30 \
            --export-json "$WORK/hyperfine_$r.json" \
            -n litellm-cli "$ART/bin/litellm generate --model m hi" \
            -n curl-cli "curl -s -X POST -H 'Content-Type: application/json' --data-binary @$WORK/body.json $URL" \
            >"$WORK/hyperfine_$r.txt" 2>&1 || { cat "$WORK/hyperfine_$r.txt" >&2; die "hyperfine (round $r) failed"; }
    else
        run_job "$r" cli-litellm "$BIN/coldstart" -n litellm-cli 30 3 "$ART/bin/litellm" generate --model m hi
        run_job "$r" cli-curl "$BIN/coldstart" -n curl-cli 30 3 "$(command -v curl)" -s -X POST \
            -H 'Content-Type: application/json' --data-binary "@$WORK/body.json" "$URL"
    fi
}

tls_cli_job() { # ROUND
    local r=$1
    if [[ $HAVE_HYPERFINE -eq 1 ]]; then
        timeout -k 5 "$JOB_TIMEOUT" "${TLS_CLI_ENV[@]}" hyperfine -N --style none --warmup 3 --runs 30 \
            --export-json "$WORK/hyperfine-tls_$r.json" \
            -n tls-litellm-cli "$ART/bin/litellm generate --model m hi" \
            -n tls-curl-cli "curl -s --cacert $TRUST_FILE --capath $TRUST_DIR -X POST -H 'Content-Type: application/json' --data-binary @$WORK/body.json $TLS_URL" \
            >"$WORK/hyperfine-tls_$r.txt" 2>&1 || { cat "$WORK/hyperfine-tls_$r.txt" >&2; die "hyperfine TLS (round $r) failed"; }
    else
        run_job "$r" tls-cli-litellm "${TLS_CLI_ENV[@]}" "$BIN/coldstart" -n tls-litellm-cli 30 3 "$ART/bin/litellm" generate --model m hi
        run_job "$r" tls-cli-curl "$BIN/coldstart" -n tls-curl-cli 30 3 "$(command -v curl)" "${TLS_CURL_CLI[@]:1}"
    fi
}

# Groups of jobs whose ratios are computed: a group's jobs run back to back.
GROUPS_=("lit1 curl1 go1" "lit4 curl4 go4" "stream" "cold-lit cold-curl cold-go" "cli" "embed-lit embed-go"
    "tls-lit1 tls-curl1" "tls-lit4 tls-curl4" "tlsnew-lit tlsnew-curl" "tlscold-lit tlscold-curl" "tlscli")
do_job() { # ROUND JOB
    local r=$1
    case $2 in
        lit1) run_job "$r" lit1 "$BIN/host_litellm" lat "$BASE" 1 "$N" "$WARMUP" ;;
        curl1) run_job "$r" curl1 "$BIN/host_curl" lat "$URL" 1 "$N" "$WARMUP" ;;
        go1) run_job "$r" go1 "$BIN/host_go" lat "$URL" 1 "$N" "$WARMUP" ;;
        lit4) run_job "$r" lit4 "$BIN/host_litellm" lat "$BASE" "$THREADS" "$N" "$WARMUP" ;;
        curl4) run_job "$r" curl4 "$BIN/host_curl" lat "$URL" "$THREADS" "$N" "$WARMUP" ;;
        go4) run_job "$r" go4 "$BIN/host_go" lat "$URL" "$THREADS" "$N" "$WARMUP" ;;
        stream) run_job "$r" stream "$BIN/first_token" "$BASE/stream" "$STREAM_N" 50 ;;
        cold-lit) run_job "$r" cold-lit "$BIN/coldstart" "$COLD_K" 2 "$BIN/host_litellm" cold "$BASE" ;;
        cold-curl) run_job "$r" cold-curl "$BIN/coldstart" "$COLD_K" 2 "$BIN/host_curl" cold "$URL" ;;
        cold-go) run_job "$r" cold-go "$BIN/coldstart" "$COLD_K" 2 "$BIN/host_go" cold "$URL" ;;
        cli) cli_job "$r" ;;
        embed-lit) run_job "$r" embed-lit "$BIN/host_litellm" embed "$BASE" "$EMBED_N" 2 "$EMBED_INPUTS" ;;
        embed-go) run_job "$r" embed-go "$BIN/host_go" embed "$BASE/v1/embeddings" "$EMBED_N" 2 "$EMBED_INPUTS" ;;
        tls-lit1) run_job "$r" tls-lit1 "${TLS_HOST_ENV[@]}" "$BIN/host_litellm" lat "$TLS_BASE" 1 "$N" "$WARMUP" ;;
        tls-curl1) run_job "$r" tls-curl1 "${TLS_HOST_ENV[@]}" "$BIN/host_curl" lat "$TLS_URL" 1 "$N" "$WARMUP" ;;
        tls-lit4) run_job "$r" tls-lit4 "${TLS_HOST_ENV[@]}" "$BIN/host_litellm" lat "$TLS_BASE" "$THREADS" "$N" "$WARMUP" ;;
        tls-curl4) run_job "$r" tls-curl4 "${TLS_HOST_ENV[@]}" "$BIN/host_curl" lat "$TLS_URL" "$THREADS" "$N" "$WARMUP" ;;
        tlsnew-lit) run_job "$r" tlsnew-lit "${TLS_HOST_ENV[@]}" "$BIN/host_litellm" lat "$TLS_NEW_BASE" 1 "$TLS_NEW_N" 50 ;;
        tlsnew-curl) run_job "$r" tlsnew-curl "${TLS_HOST_ENV[@]}" "$BIN/host_curl" lat "$TLS_NEW_URL" 1 "$TLS_NEW_N" 50 ;;
        tlscold-lit) run_job "$r" tlscold-lit "${TLS_HOST_ENV[@]}" "$BIN/coldstart" "$COLD_K" 2 "$BIN/host_litellm" cold "$TLS_BASE" ;;
        tlscold-curl) run_job "$r" tlscold-curl "${TLS_HOST_ENV[@]}" "$BIN/coldstart" "$COLD_K" 2 "$BIN/host_curl" cold "$TLS_URL" ;;
        tlscli) tls_cli_job "$r" ;;
    esac
}

START=$(date +%s)
rotate() { # SHIFT WORD... : the words, rotated left by SHIFT
    local k=$1
    shift
    local n=$# i
    local -a w=("$@")
    for ((i = 0; i < n; i++)); do printf '%s ' "${w[$(((i + k) % n))]}"; done
}
for r in $(seq 1 "$ROUNDS"); do
    # Rotate the order of the groups and, inside each group, of the clients every round, so
    # no client always runs first (or right after another); a group's jobs stay adjacent,
    # so the ratios within a round compare measurements taken seconds apart.
    order=()
    for g in $(rotate "$((r - 1))" "${!GROUPS_[@]}"); do
        # shellcheck disable=SC2086
        order+=($(rotate "$((r - 1))" ${GROUPS_[$g]}))
    done
    say "round $r/$ROUNDS: ${order[*]}"
    for job in "${order[@]}"; do do_job "$r" "$job"; done
done

say "RSS: $RSS_CALLS sequential litellm_generate calls"
run_job 0 rss "$BIN/host_litellm" rss "$BASE" "$RSS_CALLS" 1 100 1000 2000 5000 10000 20000 $((RSS_CALLS / 2)) "$RSS_CALLS"

# ---------------------------------------------------------------- sizes + machine
for f in lib/liblitellm.so bin/litellm; do
    strip -o "$WORK/stripped" "$ART/$f" 2>/dev/null || cp "$ART/$f" "$WORK/stripped"
    printf 'kind=size file=%s bytes=%s stripped_bytes=%s\n' "$f" "$(stat -c %s "$ART/$f")" "$(stat -c %s "$WORK/stripped")" >>"$RAW"
done
size -A "$ART/lib/liblitellm.so" >"$WORK/sections.txt" 2>/dev/null || : >"$WORK/sections.txt"

META=$WORK/meta.txt
{
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'os\t%s\n' "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    printf 'liblitellm\t%s\n' "$("$BIN/host_litellm" version)"
    printf 'libcurl\t%s\n' "$("$BIN/host_curl" version)"
    printf 'go\t%s\n' "$("$BIN/host_go" version)"
    printf 'nginx\t%s\n' "$($NGINX -v 2>&1 | sed 's/^nginx version: //')"
    printf 'curl\t%s\n' "$(curl --version | head -1)"
    printf 'hyperfine\t%s\n' "$([[ $HAVE_HYPERFINE -eq 1 ]] && hyperfine --version || echo 'not installed: own timing loop (coldstart -n)')"
    printf 'cc\t%s\n' "$(cc --version | head -1)"
    printf 'rounds\t%s\n' "$ROUNDS"
    printf 'n\t%s\n' "$N"
    printf 'warmup\t%s\n' "$WARMUP"
    printf 'threads\t%s\n' "$THREADS"
    printf 'stream_n\t%s\n' "$STREAM_N"
    printf 'cold_k\t%s\n' "$COLD_K"
    printf 'tls_new_n\t%s\n' "$TLS_NEW_N"
    printf 'embed\t%s\n' "$EMBED_N calls per client per round of $EMBED_INPUTS inputs, answered with $EMBED_DIMS-float base64 vectors ($(stat -c %s "$WORK/nginx/static/v1/embeddings") bytes)"
    # nginx's word on the connection-per-call rows: how many of each client's handshakes resumed.
    printf 'tls_resumption\t%s\n' "$(awk '{ who = ($3 ~ /^liblitellm/) ? "liblitellm" : "libcurl"; n[who " " $1]++; if ($2 == "r") r[who " " $1]++ }
        END { sep = ""; for (k in n) { printf "%s%s: %d of %d handshakes resumed", sep, k, r[k], n[k]; sep = "; " } }' "$WORK/nginx/resumption.log" 2>/dev/null)"
    printf 'openssl\t%s\n' "$(openssl version)"
    printf 'tls_trust\t%s\n' "CLI rows: the system's ($SYS_CERT_DIR, $SYS_CERT_FILE) + the bench CA; library rows: the bench CA only"
    printf 'rss_calls\t%s\n' "$RSS_CALLS"
    printf 'elapsed_s\t%s\n' "$(($(date +%s) - START))"
    printf 'artifacts\t%s\n' "$(cd "$ART_IN" && pwd)"
} >"$META"

mkdir -p "$OUT_DIR"
"$BIN/report" -raw "$RAW" -meta "$META" -sections "$WORK/sections.txt" -hyperfine-dir "$WORK" \
    -md "$OUT_DIR/results.md" -svg "$OUT_DIR/latency.svg"
say "wrote $OUT_DIR/results.md and $OUT_DIR/latency.svg ($(($(date +%s) - START)) s)"
