namespace LiteLlmNative.Cli;

/// <summary>
/// The help pages. Each command's page stands on its own for a newcomer: what the command
/// does, every flag, the environment, the exit codes and two examples.
/// </summary>
internal static class HelpText
{
    public const string Environment = """
        Environment:
          LITELLM_PROXY_API_BASE, LITELLM_BASE_URL
                  Root URL of the proxy or server; the first one set wins, default
                  http://localhost:4000. Requests go to <base>/v1/chat/completions
                  (to <base>/chat/completions when the base already ends in /v1),
                  and likewise to .../embeddings, .../models, .../model/info.
          LITELLM_PROXY_API_KEY, LITELLM_API_KEY
                  API key, sent as "Authorization: Bearer <key>"; the first one set
                  wins. None set: no Authorization header.
          LITELLM_TIMEOUT_MS
                  Time limit of one attempt, connect to last byte, in milliseconds
                  (1 to 86400000; default 600000).
          LITELLM_MAX_RETRIES
                  Extra attempts after a connection error, a timeout, or an HTTP 408,
                  409, 429 or 5xx answer (0 to 100; default 2).
          LITELLM_MODEL
                  Model used when the command line names none.
          LITELLM_LOG=debug|info|warn|error
                  Write the library's log events to stderr, one JSON object per
                  line, from that level up: one per HTTP attempt with the
                  OpenTelemetry gen_ai.* attributes (gen_ai.request.model,
                  gen_ai.usage.input_tokens, ...), duration_ms, attempt, status and
                  request_id; retries at warn, failures at error. Unset: no log.


        """;

    public const string ExitCodes = """
        Exit codes:
          0   success
          1   invalid argument: the request was refused before sending (a bad
              request document or value, a bad URL in the environment)
          2   network error: DNS, connection refused or reset, TLS, truncated answer
          3   timeout
          4   HTTP error: the server answered non-2xx after retries (401: bad key)
          5   bad response: a 2xx answer that is not a usable chat completion (or
              embeddings answer, model list, ...)
          6   invalid result (run): no answer was a JSON object passing the schema
          7   cancelled
          8   internal error: a bug in litellm, please report it
          64  usage error: unknown command or flag, missing or bad value, unreadable
              file, bad LITELLM_TIMEOUT_MS / LITELLM_MAX_RETRIES
          130 interrupted: Ctrl-C (SIGINT) cancelled the call
          143 terminated: SIGTERM cancelled the call
        On failure the message goes to stderr as "litellm: <message>"; with --json
        the error document {"error": {"kind", "message", "status", ...}} is also
        printed to stdout. Ctrl-C or SIGTERM during a call (generate, streaming or
        not, and run) cancels the call at once: the partial output is ended with a
        newline, "litellm: cancelled" goes to stderr and the exit code is 130 or
        143. A second Ctrl-C while cancelling ends the process outright.


        """;

    public const string Global = """
        litellm - call an OpenAI-compatible chat completions endpoint (a LiteLLM
        proxy, OpenAI, vLLM, Ollama, ...) from the shell, through liblitellm.

        Usage:
          litellm generate [flags] [PROMPT|-]
                  Send a prompt (or a whole request document) to a model and print
                  its answer; with --stream, print it as it arrives.
          litellm run --model M | --models A,B,C --skill TEXT|@FILE --task TEXT|@FILE|-
                  Run a task whose answer must be a JSON "Result" object, trying the
                  next model of a list when one fails; print the result.
          litellm embed [--model M] [TEXT|-]
                  Print the embedding vector of TEXT, or of each line of stdin,
                  as one JSON array per line.
          litellm models [--info]
                  List the models the server serves; with --info, LiteLLM's
                  limits, prices and capabilities of each.
          litellm health
                  Check that the proxy is ready (no model call); exit 0 if so.
          litellm version
                  Print the version (also: litellm --version).
          litellm help [COMMAND]
                  Print this help, or a command's (also: litellm COMMAND --help).

        Run 'litellm COMMAND --help' (generate, run, embed, models, health) for
        every flag.


        """ + Environment + ExitCodes + """
        Examples:
          export LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=sk-1234
          litellm generate --model gpt-4o-mini "Write a haiku about rain"
          git diff | litellm generate --model gpt-4o --system "Review this diff" -
          litellm run --model gpt-4o-mini --skill @triage.txt --task "My invoice is wrong"

        """;

    public const string Generate = """
        Usage: litellm generate [flags] [PROMPT|-]

        Sends PROMPT to the model as one user message and prints the text of the
        answer followed by a newline. When the model calls tools, each call follows
        on a line of its own: tool call ID: NAME ARGUMENTS (ARGUMENTS as JSON).
        With '-', or with no PROMPT while stdin is a pipe or a file, the prompt is
        read from stdin. Quote a prompt of several words; put '--' before a prompt
        that starts with '-'. Ctrl-C cancels the call and exits 130.

        Flags:
          --model M          Model to call, e.g. gpt-4o-mini; a "litellm:" or
                             "litellm_proxy/" prefix is stripped. Default:
                             $LITELLM_MODEL. One of the two is required.
          --system S         System prompt, sent first as a system message.
          --max-tokens N     Most tokens the answer may have (a whole number >= 1).
          --temperature T    Sampling temperature, 0 to 2.
          --request FILE|-   Send a whole request document (JSON: model, messages,
                             tools, response_format, mock_response, ...; see
                             docs/documents.md) read from FILE, or from stdin
                             with '-'. The flags above override its fields.
                             Takes no PROMPT.
          --json             Print the full response document as one line of JSON
                             (content, tool_calls, reasoning_content, message,
                             input_tokens, output_tokens, cached_tokens, model,
                             stop_reason, cost_usd, ...) instead of the text.
                             With --stream: one JSON event per line (NDJSON) as
                             they arrive: {"type":"delta","content":"..."},
                             {"type":"reasoning_delta","content":"..."},
                             {"type":"tool_call_delta","index":0,"id":...,"name":
                             ...,"arguments":"..."}, and last {"type":"done",
                             "response":{...the response document...}}; on failure
                             the last line is the error document.
          --show-reasoning   Also print the model's reasoning (reasoning_content,
                             when the server sends one) on stderr, dimmed on a
                             terminal: as it arrives with --stream, else before the
                             answer. No effect with --json, which has it already.
          --stream           Print the answer as it arrives, piece by piece, then a
                             newline; tool calls follow once the answer is complete.
                             When the call fails half-way, what arrived stays
                             printed and ends with a newline before the message.
          -h, --help         Print this help.
        A value may also be written --flag=VALUE (needed when it starts with '--').


        """ + Environment + ExitCodes + """
        Examples:
          litellm generate --model gpt-4o-mini "Name three prime numbers"
          cat notes.txt | litellm generate --model gpt-4o --system "Summarise this" --max-tokens 200
          litellm generate --request chat.json --model gpt-4o --json
          litellm generate --stream --model gpt-4o-mini "Tell me a story"

        """;

    public const string Run = """
        Usage: litellm run (--model M | --models A,B,C) --skill TEXT|@FILE
                           --task TEXT|@FILE|- [flags]

        Runs a task through the executor. The skill is sent as the system message and
        the task as the user message; the model must answer with one JSON object, by
        default a Result:
          {"status": "success" | "failure" | "escalate",
           "output": <any JSON, required when status is success>,
           "summary": "<text>", "confidence": <number from 0 to 1>}
        or an object matching --schema. An answer that is not JSON or fails the
        schema is sent back to the same model with the problems listed (--repairs
        times). When a model still fails - network error, timeout, HTTP error, an
        answer that is not one JSON object or fails the schema, status "escalate",
        or a confidence below --min-confidence - the next model of --models is
        tried. A failure no other model can fix stops the run at once: HTTP 401 or
        403, an exhausted LiteLLM budget (budget_exceeded) or provider quota
        (insufficient_quota). Prints the accepted result object as indented JSON.
        Ctrl-C cancels the whole run at once (no further model is tried) and exits
        130.

        Flags:
          --model M            The one model to use. Default: $LITELLM_MODEL.
          --models A,B,C       Models to try in this order, comma-separated (instead
                               of --model), e.g. local-llama,gpt-4o-mini,gpt-4o.
          --skill TEXT|@FILE   The skill prompt: the text itself, or @FILE to use the
                               contents of FILE. Required.
          --task TEXT|@FILE|-  The task prompt: text, @FILE, or '-' to read stdin.
                               Required.
          --schema JSON|@FILE  JSON Schema the result must satisfy, instead of the
                               default Result schema; inline or from FILE. Keywords:
                               type, properties, required, additionalProperties,
                               enum, const, items, minimum, maximum, minLength,
                               maxLength, minItems, maxItems, pattern.
          --min-confidence X   Escalate when the result's "confidence" is below X
                               (0 to 1).
          --strict-json        The answer must be the bare JSON object; by default one
                               Markdown code fence around it is accepted.
          --json-mode MODE     What to ask the server for: json_schema (response_format
                               with the result schema; a model that refuses it is
                               asked again with json_object and the schema in the
                               system message, and remembered), json_object
                               (response_format {"type": "json_object"}), auto (as
                               json_schema), or off (the default: no response_format).
          --repairs N          How many times a model is asked to fix an answer that
                               is not JSON or fails the schema, 0 to 10 (default 1;
                               0: escalate at once).
          --max-cost USD       Climb no further once the run has cost this much (from
                               the server's cost of each answer); the run then ends
                               with the last failure.
          --max-tokens N       Most tokens each answer may have (a whole number >= 1).
          --temperature T      Sampling temperature, 0 to 2.
          --json               Print the whole run result document as one line of JSON:
                               result, the model that answered, escalations (the
                               models that failed and why), attempts (every request:
                               model, kind, repair, json_mode, tokens, cost_usd,
                               latency_ms), token counts, cost_usd.
          -h, --help           Print this help.
        A value may also be written --flag=VALUE (needed when it starts with '--').


        """ + Environment + ExitCodes + """
        Examples:
          litellm run --model gpt-4o-mini \
            --skill "You route support tickets. Answer with a Result object whose output is {\"queue\": \"billing\" or \"tech\"}." \
            --task "Ticket: my invoice is wrong"
          cat ticket.txt | litellm run --models local-llama,gpt-4o-mini,gpt-4o \
            --skill @skills/triage.txt --task - --min-confidence 0.7 \
            --json-mode auto --max-cost 0.05 --json

        """;
}
