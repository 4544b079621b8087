using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Executor;

/// <summary>
/// The executor: asks each model of the ladder in turn until one returns a result that parses,
/// passes the schema, does not ask to escalate and is confident enough (docs/documents.md#run-request).
/// </summary>
internal sealed class Runner
{
    private readonly ChatProvider _provider;
    private readonly SecretRedactor _redactor;

    public Runner(ChatProvider provider, SecretRedactor redactor)
    {
        _provider = provider;
        _redactor = redactor;
    }

    public RunResultDocument Run(RunPlan plan, CancellationToken cancel) =>
        Transport.Blocking.Result(RunAsync(plan, cancel, async: false));

    /// <summary>The whole ladder, blocking the calling thread (<paramref name="async"/> false) or holding none.</summary>
    public async ValueTask<RunResultDocument> RunAsync(RunPlan plan, CancellationToken cancel, bool async)
    {
        var escalations = new List<Escalation>();
        var redactor = _redactor.With(plan.Template.Call.Secrets);
        long inputTokens = 0, outputTokens = 0;
        double? cost = null;
        LiteLlmError? last = null;

        foreach (string model in plan.Models)
        {
            int attempts = 0;
            try
            {
                var response = await _provider.GenerateAsync(plan.RequestFor(model), cancel, async).ConfigureAwait(false);
                attempts = response.Attempts;
                inputTokens += response.InputTokens;
                outputTokens += response.OutputTokens;
                if (response.CostUsd is { } c) cost = (cost ?? 0) + c;

                // Checking the answer is work of the call too: bounded by timeout_ms of its own
                // (from the answer's arrival) and ended by a cancel, however costly the schema.
                long timeoutMs = plan.Template.Call.TimeoutMs ?? _provider.Settings.TimeoutMs;
                var limit = new WorkLimit(Deadline(timeoutMs), timeoutMs, cancel);
                JsonElement result = Judge(plan, response.Content, limit);
                return new RunResultDocument
                {
                    Result = result,
                    Model = model,
                    Escalations = ErrorDocuments.Escalations(escalations, redactor),
                    InputTokens = inputTokens,
                    OutputTokens = outputTokens,
                    CostUsd = cost,
                };
            }
            catch (LiteLlmException e) when (e.Status is not (LiteLlmStatus.Cancelled or LiteLlmStatus.InvalidArgument or LiteLlmStatus.Internal))
            {
                e.Error.Model = model;
                e.Error.RequestId ??= plan.Template.Call.RequestId;
                if (e.Error.Attempts == 0) e.Error.Attempts = attempts; // judged after a successful call
                escalations.Add(new Escalation(model, e.Error));
                last = e.Error;
                if (Observability.Log.IsEnabled(Observability.Log.Warn))
                {
                    Observability.Log.Write(Observability.Log.Warn, new FailureLogEvent
                    {
                        Event = "escalation",
                        Kind = e.Status.ToKind(),
                        Message = redactor.Redact(e.Error.Message) ?? "",
                        RequestModel = model,
                        Attempts = e.Error.Attempts,
                        RequestId = e.Error.RequestId,
                    }, LiteLlmJsonContext.Default.FailureLogEvent, redactor);
                }
            }
            catch (LiteLlmException e) when (e.Status == LiteLlmStatus.Cancelled)
            {
                // Cancellation ends the whole run: it is the host's decision, not the model's failure.
                e.Error.Escalations = escalations;
                throw;
            }
        }

        // The last rung's error, whole, as the run's: only the message and the ladder added.
        var final = last!.WithMessage($"every model failed; last ({last.Model}): {last.Message}");
        final.RequestId = plan.Template.Call.RequestId;
        final.Escalations = escalations;
        throw new LiteLlmException(final);
    }

    /// <summary>Parses and judges one model's answer; any objection is an invalid_result.</summary>
    private static long Deadline(long timeoutMs) =>
        timeoutMs >= long.MaxValue / System.Diagnostics.Stopwatch.Frequency
            ? long.MaxValue
            : System.Diagnostics.Stopwatch.GetTimestamp() + timeoutMs * System.Diagnostics.Stopwatch.Frequency / 1000;

    private static JsonElement Judge(RunPlan plan, Utf8Text content, WorkLimit limit)
    {
        limit.Check();
        JsonElement result = ResultParser.Parse(content, plan.StrictJson);
        limit.Check();
        var violations = plan.Schema.Validate(result, limit);
        if (violations.Count > 0)
        {
            throw ResultParser.Invalid($"the result fails the schema: {string.Join("; ", violations)}", content);
        }
        if (result.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "escalate")
        {
            string why = result.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? $": {s.GetString()}" : "";
            throw ResultParser.Invalid($"the model asked to escalate{why}", content);
        }
        if (plan.MinConfidence is { } min)
        {
            if (!result.TryGetProperty("confidence", out var confidence) || confidence.ValueKind != JsonValueKind.Number)
            {
                throw ResultParser.Invalid($"$.confidence: missing, and min_confidence {Format(min)} requires it", content);
            }
            if (confidence.GetDouble() < min)
            {
                throw ResultParser.Invalid($"$.confidence: {confidence.GetRawText()} is below min_confidence {Format(min)}", content);
            }
        }
        return result;
    }

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
