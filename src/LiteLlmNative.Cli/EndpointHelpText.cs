namespace LiteLlmNative.Cli;

/// <summary>The help pages of embed, models and health, in the manner of <see cref="HelpText"/>.</summary>
internal static class EndpointHelpText
{
    public const string Embed = """
        Usage: litellm embed [--model M] [--dimensions N] [--json] [TEXT|-]

        Asks the model for the embedding vector of TEXT and prints it as one JSON
        array of numbers on one line; each number reads back as exactly the 32-bit
        float the server sent. With '-', or with no TEXT while stdin is a pipe or a
        file, each line of stdin is one text, and each gets its line of output, in
        order (an empty line is an error: it has no vector). Lines go to the server
        2,048 at a time (OpenAI's limit per request). The server is asked for base64
        vectors (smaller on the wire), and float answers are read too. Vectors are
        POSTed to <base>/v1/embeddings. Ctrl-C cancels and exits 130.

        Flags:
          --model M          Embedding model, e.g. text-embedding-3-small; a
                             "litellm:" or "litellm_proxy/" prefix is stripped.
                             Default: $LITELLM_MODEL. One of the two is required.
          --dimensions N     Ask for vectors of N values (models that can shorten
                             theirs, such as text-embedding-3-*); a vector of
                             another length is an error (exit 5).
          --json             Print the response document instead, one line per
                             request of up to 2,048 texts: embeddings, model,
                             input_tokens, cost_usd, call_id, attempts, latency_ms
                             (see docs/documents.md).
          -h, --help         Print this help.


        """ + HelpText.Environment + HelpText.ExitCodes + """
        Examples:
          litellm embed --model text-embedding-3-small "The quick brown fox"
          cut -f2 notes.tsv | litellm embed --model text-embedding-3-small - > vectors.jsonl

        """;

    public const string Models = """
        Usage: litellm models [--info] [--json]

        Lists the models the server serves (GET <base>/v1/models) as a table: ID,
        OWNED BY. With --info, asks LiteLLM's GET <base>/v1/model/info instead and
        shows each deployment: its model group (the name to send), its id, the most
        input and output tokens, the price in USD per million input and output
        tokens, and whether it supports response schemas (json_schema), tool calls
        and reasoning; '-' where LiteLLM does not know.

        Flags:
          --info             The model info table (LiteLLM only; other servers
                             answer 404: exit 4).
          --json             Print the response document instead (see
                             docs/documents.md).
          -h, --help         Print this help.


        """ + HelpText.Environment + HelpText.ExitCodes + """
        Examples:
          litellm models
          litellm models --info

        """;

    public const string Health = """
        Usage: litellm health [--json]

        Asks the proxy whether it is ready (GET <root>/health/readiness, where
        <root> is the base URL less a final /v1; LiteLLM answers it without a model
        call) and prints one line: healthy or not healthy, the proxy's status, its
        version, its database state and the time the check took. Exits 0 when
        healthy; 4 when the server says it is not (a 503, or a 2xx whose status says
        unhealthy), or has no such route (404, e.g. a server that is not LiteLLM).

        Flags:
          --json             Print the response document instead: healthy,
                             status, litellm_version, db, latency_ms.
          -h, --help         Print this help.


        """ + HelpText.Environment + HelpText.ExitCodes + """
        Examples:
          litellm health
          until litellm health >/dev/null 2>&1; do sleep 1; done

        """;
}
