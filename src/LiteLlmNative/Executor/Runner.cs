using System.Collections.Generic;
using System.Diagnostics;
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
/// passes the schema, does not ask to escalate and is confident enough
/// (docs/documents.md#run-request, docs/reliability.md#the-executors-ladder). On each model it
/// falls back from json_schema to json_object when the model refuses the schema, and asks for
/// repairs of an answer that is not JSON or fails the schema; it stops the whole run on a
/// failure no other model can fix, or once the run has cost max_cost_usd.
/// </summary>
internal sealed class Runner
{
    private readonly ChatProvider _provider;
    private readonly SecretRedactor _redactor;
    private readonly SchemaMemory _schemaMemory = new();

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
        var ladder = new Ladder();
        var redactor = _redactor.With(plan.Template.Call.Secrets);
        LiteLlmError? last = null;

        for (int rung = 0; rung < plan.Models.Count; rung++)
        {
            string model = plan.Models[rung];
            RungOutcome outcome;
            try
            {
                outcome = await RungAsync(plan, model, ladder, cancel, async).ConfigureAwait(false);
            }
            catch (LiteLlmException e) when (e.Status == LiteLlmStatus.Cancelled)
            {
                // Cancellation ends the whole run: it is the host's decision, not the model's failure.
                e.Error.Escalations = ladder.Escalations;
                e.Error.RunAttempts = ladder.Attempts;
                e.Error.LadderStopped = false;
                throw;
            }
            if (outcome.Failure is null)
            {
                return new RunResultDocument
                {
                    Result = outcome.Result,
                    Model = model,
                    Escalations = ErrorDocuments.Escalations(ladder.Escalations, redactor),
                    Attempts = ErrorDocuments.Attempts(ladder.Attempts),
                    InputTokens = ladder.InputTokens,
                    OutputTokens = ladder.OutputTokens,
                    CostUsd = ladder.CostUsd,
                };
            }

            var error = outcome.Failure;
            error.Model = model;
            error.RequestId ??= plan.Template.Call.RequestId;
            ladder.Escalations.Add(new Escalation(model, error));
            last = error;
            LogFailure(error, model, redactor);

            if (FailureRules.StopReason(error) is { } reason)
            {
                throw Final(error, ladder, plan, stopped: true,
                    $"the run stopped at {model}: {reason}, which no other model can fix: {error.Message}");
            }
            if (ladder.CostReached(plan.MaxCostUsd))
            {
                throw Final(error, ladder, plan, stopped: true,
                    $"max_cost_usd {Format(plan.MaxCostUsd!.Value)} reached ({Format(ladder.CostUsd ?? 0)} USD spent); last ({model}): {error.Message}");
            }
        }

        // The last rung's error, whole, as the run's: only the message and the ladder added.
        throw Final(last!, ladder, plan, stopped: false, $"every model failed; last ({last!.Model}): {last.Message}");
    }

    /// <summary>One model of the ladder: its first answer, a json_object retry after a schema refusal, its repairs.</summary>
    private async ValueTask<RungOutcome> RungAsync(RunPlan plan, string model, Ladder ladder, CancellationToken cancel, bool async)
    {
        WireFormat format = plan.JsonMode switch
        {
            JsonMode.Off => WireFormat.None,
            JsonMode.JsonObject => WireFormat.JsonObject,
            _ => _schemaMemory.TakesNoSchema(model) ? WireFormat.JsonObjectSchemaInPrompt : WireFormat.JsonSchema,
        };
        List<ChatMessage> conversation = plan.Conversation(format);
        int repair = 0;
        while (true)
        {
            long started = Stopwatch.GetTimestamp();
            GenerateResponseDocument response;
            try
            {
                response = await _provider.GenerateAsync(plan.RequestFor(model, format, conversation), cancel, async).ConfigureAwait(false);
            }
            catch (LiteLlmException e) when (e.Status != LiteLlmStatus.Internal)
            {
                ladder.Record(model, e.Status.ToKind(), repair, format, null, ElapsedMs(started));
                if (e.Status == LiteLlmStatus.Cancelled) throw;
                if (format == WireFormat.JsonSchema && FailureRules.RefusesSchema(e.Error))
                {
                    // Asked again at once, and never with a schema again on this client.
                    _schemaMemory.RememberNoSchema(model);
                    format = WireFormat.JsonObjectSchemaInPrompt;
                    conversation = plan.Conversation(format);
                    continue;
                }
                return RungOutcome.Failed(e.Error);
            }

            // Checking the answer is work of the call too: bounded by timeout_ms of its own
            // (from the answer's arrival) and ended by a cancel, however costly the schema.
            long timeoutMs = plan.Template.Call.TimeoutMs ?? _provider.Settings.TimeoutMs;
            Judgement verdict;
            try
            {
                verdict = AnswerJudge.Judge(plan, response.Content, new WorkLimit(Deadline(timeoutMs), timeoutMs, cancel));
            }
            catch (LiteLlmException e)
            {
                ladder.Record(model, e.Status.ToKind(), repair, format, response, ElapsedMs(started));
                if (e.Status == LiteLlmStatus.Cancelled) throw;
                if (e.Error.Attempts == 0) e.Error.Attempts = response.Attempts;
                return RungOutcome.Failed(e.Error);
            }
            if (verdict.Rejection is null)
            {
                ladder.Record(model, "ok", repair, format, response, ElapsedMs(started));
                return RungOutcome.Succeeded(verdict.Result);
            }

            ladder.Record(model, LiteLlmStatus.InvalidResult.ToKind(), repair, format, response, ElapsedMs(started));
            var rejection = verdict.Rejection.Error;
            rejection.Attempts = response.Attempts; // the HTTP attempts of the answer judged
            if (verdict.Problems.Count == 0 || repair >= plan.RepairAttempts || ladder.CostReached(plan.MaxCostUsd))
            {
                return RungOutcome.Failed(rejection);
            }

            // The repair: the conversation the model answered, its answer, and what was wrong
            // with it. Only the latest answer is kept: the conversation stays as long as one repair.
            repair++;
            conversation = plan.Conversation(format);
            conversation.Add(new ChatMessage("assistant", response.Content.ToString()));
            conversation.Add(new ChatMessage("user", RunPrompts.Repair(verdict.Problems, RunPlan.ShowsSchema(format) ? null : plan.SchemaJson)));
        }
    }

    /// <summary>The run's error: the failure that ended it, whole, with the message and the ladder added.</summary>
    private static LiteLlmException Final(LiteLlmError last, Ladder ladder, RunPlan plan, bool stopped, string message)
    {
        var final = last.WithMessage(message);
        final.RequestId = plan.Template.Call.RequestId;
        final.Escalations = ladder.Escalations;
        final.RunAttempts = ladder.Attempts;
        final.LadderStopped = stopped;
        return new LiteLlmException(final);
    }

    private static void LogFailure(LiteLlmError error, string model, SecretRedactor redactor)
    {
        if (!Observability.Log.IsEnabled(Observability.Log.Warn)) return;
        Observability.Log.Write(Observability.Log.Warn, new FailureLogEvent
        {
            Event = "escalation",
            Kind = error.Status.ToKind(),
            Message = redactor.Redact(error.Message) ?? "",
            RequestModel = model,
            Attempts = error.Attempts,
            RequestId = error.RequestId,
        }, LiteLlmJsonContext.Default.FailureLogEvent, redactor);
    }

    private static long Deadline(long timeoutMs) =>
        timeoutMs >= long.MaxValue / Stopwatch.Frequency
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + timeoutMs * Stopwatch.Frequency / 1000;

    private static double ElapsedMs(long started) =>
        System.Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>How one model's turn ended: a result, or the failure to escalate (or stop) on.</summary>
    private readonly struct RungOutcome
    {
        private RungOutcome(JsonElement result, LiteLlmError? failure)
        {
            Result = result;
            Failure = failure;
        }

        public JsonElement Result { get; }
        public LiteLlmError? Failure { get; }

        public static RungOutcome Succeeded(JsonElement result) => new(result, null);

        public static RungOutcome Failed(LiteLlmError failure) => new(default, failure);
    }

    /// <summary>What the run has done so far: its requests, its failed rungs, and their sums.</summary>
    private sealed class Ladder
    {
        public List<Escalation> Escalations { get; } = new();
        public List<RunAttempt> Attempts { get; } = new();
        public long InputTokens { get; private set; }
        public long OutputTokens { get; private set; }
        /// <summary>Null until a request reports a cost.</summary>
        public double? CostUsd { get; private set; }

        public void Record(string model, string kind, int repair, WireFormat format, GenerateResponseDocument? response, double latencyMs)
        {
            long input = response?.InputTokens ?? 0, output = response?.OutputTokens ?? 0;
            double? cost = response?.CostUsd;
            Attempts.Add(new RunAttempt(model, kind, repair, JsonModes.Name(format), input, output, cost, latencyMs));
            InputTokens += input;
            OutputTokens += output;
            // Rounded to a millionth of a millionth of a dollar: 0.0003 + 0.0004 is 0.0007, not 0.0007000000000000001.
            if (cost is { } c) CostUsd = System.Math.Round((CostUsd ?? 0) + c, 12);
        }

        public bool CostReached(double? max) => max is { } m && CostUsd is { } spent && spent >= m;
    }
}
