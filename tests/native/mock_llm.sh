# Sourced by tests/native/run.sh (it defines ok, fail, ARTIFACTS, OUT and CLI): the CLI
# against @dwmkerr/mock-llm, a third-party OpenAI mock server installed from npm into
# artifacts/obj/mock-llm when missing (npm itself from apt when missing). It serves
# /v1/models and whatever rules its configuration gives; here also /v1/embeddings (one base64
# vector: 1, 2, 3) and its default chat echo. It has no /health/readiness and no
# /v1/model/info: a 404 each, as from any server that is not LiteLLM. The tests are skipped,
# saying why, only when it cannot be installed.
MOCK_LLM_VERSION=0.1.29

mock_llm_install() { # dir
    local dir=$1
    if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
        { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
          $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >"$OUT/apt-npm.log" 2>&1 || true
    fi
    command -v npm >/dev/null 2>&1 || { echo "npm is not installed and apt-get could not install it (see $OUT/apt-npm.log)"; return 1; }
    mkdir -p "$dir"
    if ! timeout 300 npm install --no-audit --no-fund --loglevel=error --prefix "$dir" "@dwmkerr/mock-llm@$MOCK_LLM_VERSION" \
            >"$OUT/mock-llm-install.log" 2>&1; then
        echo "npm install @dwmkerr/mock-llm@$MOCK_LLM_VERSION failed: $(tail -3 "$OUT/mock-llm-install.log" | tr '\n' ' ')"
        return 1
    fi
}

mock_llm_tests() {
    local dir="$ARTIFACTS/obj/mock-llm" main why
    main="$dir/node_modules/@dwmkerr/mock-llm/dist/main.js"
    if [ ! -f "$main" ] && ! why="$(mock_llm_install "$dir")"; then
        echo "skipped mock_llm_* tests: cannot install @dwmkerr/mock-llm: $why"
        return 0
    fi
    if ! command -v node >/dev/null 2>&1; then
        echo "skipped mock_llm_* tests: no node to run @dwmkerr/mock-llm"
        return 0
    fi
    cat >"$OUT/mock-llm.yaml" <<'YAML'
rules:
  - path: "/v1/chat/completions"
    method: "POST"
    match: "@"
    response:
      status: 200
      content: |
        {"id": "chatcmpl-mock", "object": "chat.completion", "model": "{{jmes request body.model}}",
         "choices": [{"message": {"role": "assistant", "content": "{{jmes request body.messages[-1].content}}"}, "finish_reason": "stop"}]}
  - path: "/v1/models"
    method: "GET"
    response:
      status: 200
      content: |
        {"object": "list", "data": [{"id": "gpt-5.2", "object": "model", "owned_by": "openai"}]}
  - path: "/v1/embeddings"
    method: "POST"
    response:
      status: 200
      content: |
        {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "AACAPwAAAEAAAEBA"}],
         "model": "{{jmes request body.model}}", "usage": {"prompt_tokens": 2, "total_tokens": 2}}
YAML
    local port="" pid="" try
    for try in 1 2 3 4 5 6 7 8 9 10; do
        # Below the kernel's ephemeral range (32768 and up here), where the local end of a
        # client connection of this or another process can hold the port.
        port=$((20000 + RANDOM % 12000))
        HOST=127.0.0.1 PORT=$port node "$main" --config "$OUT/mock-llm.yaml" >"$OUT/mock-llm.log" 2>&1 </dev/null &
        pid=$!
        for _ in $(seq 1 100); do
            grep -q "server running" "$OUT/mock-llm.log" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        # It says "server running" before it listens: a port in use shows a moment later,
        # as EADDRINUSE and the end of the process.
        sleep 0.3
        grep -q "server running" "$OUT/mock-llm.log" 2>/dev/null && kill -0 "$pid" 2>/dev/null \
            && ! grep -q EADDRINUSE "$OUT/mock-llm.log" && break
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        pid=""
    done
    if [ -z "$pid" ]; then
        fail "mock_llm_starts" "$(tail -5 "$OUT/mock-llm.log")"
        return 0
    fi
    local mock="http://127.0.0.1:$port"
    mock_cli() { LITELLM_BASE_URL="$mock" LITELLM_API_KEY="" LITELLM_MAX_RETRIES=0 LITELLM_LOG="" "$CLI" "$@"; }
    expect mock_llm_models_lists_its_model 0 "gpt-5.2  openai" -- mock_cli models
    expect mock_llm_embed_decodes_its_base64_vector 0 "[1,2,3]" -- mock_cli embed --model mock-embed "hello"
    expect mock_llm_embed_json_names_its_model 0 '"model":"mock-embed"' -- mock_cli embed --json --model mock-embed "hello"
    expect mock_llm_health_has_no_readiness_route_404 4 "404" -- mock_cli health
    expect mock_llm_models_info_has_no_route_404 4 "404" -- mock_cli models --info
    expect mock_llm_generate_echoes 0 "hello mock" -- mock_cli generate --model m "hello mock"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
}
