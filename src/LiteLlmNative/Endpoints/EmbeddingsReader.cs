using System;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// Maps a 2xx <c>/embeddings</c> answer (<c>{"data": [{"index", "embedding"}], "model",
/// "usage"}</c>) to the response document: one vector per input, placed by its <c>index</c>,
/// all of one length, every value a finite float. Anything else is <c>bad_response</c> naming
/// the place in the answer: a vector too many or missing, a malformed or ragged vector, NaN.
/// </summary>
internal static class EmbeddingsReader
{
    private const string Where = "the server's embeddings answer";

    public static EmbedResponseDocument Read(ReadOnlySpan<byte> body, EmbedRequest request)
    {
        EmbeddingMatrix? matrix = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            string? model = null;
            long inputTokens = 0;
            bool error = false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw AnswerErrors.BadResponse($"{Where} is not a JSON object", body);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    if (matrix is not null) throw AnswerErrors.BadResponse($"{Where} has two data arrays", body);
                    if (reader.TokenType == JsonTokenType.StartArray) matrix = ReadData(ref reader, body, request);
                    else reader.Skip(); // null or worse: reported below, after an error envelope had its say
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    inputTokens = reader.TokenType == JsonTokenType.StartObject ? PromptTokens(ref reader) : SkipValue(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (error) throw AnswerErrors.ErrorIn2xx(body);
            if (matrix is null) throw AnswerErrors.BadResponse($"{Where} has no data array", body);
            var doc = new EmbedResponseDocument
            {
                Embeddings = matrix,
                Model = model ?? request.Model,
                InputTokens = Math.Max(0, inputTokens),
            };
            matrix = null; // the document owns it now
            return doc;
        }
        catch (JsonException e)
        {
            throw AnswerErrors.BadResponse($"{Where} is not JSON ({JsonErrorText.Ours(e)})", body);
        }
        catch (InvalidOperationException)
        {
            throw AnswerErrors.BadResponse($"{Where} has an invalid \\u escape (a lone UTF-16 surrogate)", body);
        }
        finally
        {
            matrix?.Dispose();
        }
    }

    /// <summary>Reads the data array (the reader is on its start) into a matrix of one row per input.</summary>
    private static EmbeddingMatrix ReadData(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, EmbedRequest request)
    {
        int count = request.InputCount;
        var filled = new bool[count];
        EmbeddingMatrix? matrix = null;
        try
        {
            int position = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                string at = $"$.data[{position}]";
                if (position == count)
                {
                    int total = position;
                    do { reader.Skip(); total++; } while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                    throw AnswerErrors.BadResponse($"{Where} has {total} vectors for {count} inputs", body);
                }
                if (reader.TokenType != JsonTokenType.StartObject) throw AnswerErrors.BadResponse($"{Where}: {at}: expected an object", body);
                int? index = null;
                int start = -1, end = -1;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("index"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int i)) index = i;
                        else if (reader.TokenType != JsonTokenType.Null) throw AnswerErrors.BadResponse($"{Where}: {at}.index: expected an integer", body);
                    }
                    else if (reader.ValueTextEquals("embedding"u8))
                    {
                        reader.Read();
                        start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        end = (int)reader.BytesConsumed;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                if (start < 0) throw AnswerErrors.BadResponse($"{Where}: {at}: no embedding", body);
                int row = index ?? position; // OpenAI and LiteLLM always send index; without it, the order is the inputs'
                if (row < 0 || row >= count) throw AnswerErrors.BadResponse($"{Where}: {at}.index: {row} is not the index of one of the {count} inputs", body);
                if (filled[row]) throw AnswerErrors.BadResponse($"{Where}: {at}.index: a second vector for input {row}", body);
                var value = body[start..end];
                try
                {
                    matrix ??= First(value, count, request, at, body);
                    VectorDecoder.Fill(value, matrix.Row(row));
                }
                catch (VectorException e)
                {
                    throw AnswerErrors.BadResponse($"{Where}: {at}.embedding{e.Where}: {e.Message}", body);
                }
                filled[row] = true;
                position++;
            }
            if (position < count) throw AnswerErrors.BadResponse($"{Where} has {position} vectors for {count} inputs", body);
            var result = matrix!;
            matrix = null;
            return result;
        }
        finally
        {
            matrix?.Dispose();
        }
    }

    /// <summary>The matrix, sized by the first vector: every other must have its length.</summary>
    private static EmbeddingMatrix First(ReadOnlySpan<byte> value, int count, EmbedRequest request, string at, ReadOnlySpan<byte> body)
    {
        int dimensions = VectorDecoder.Length(value);
        if (dimensions == 0) throw AnswerErrors.BadResponse($"{Where}: {at}.embedding: empty: no values", body);
        if (request.ExpectedDimensions is { } asked && asked != dimensions)
        {
            throw AnswerErrors.BadResponse($"{Where}: {at}.embedding: {dimensions} values, but the request asked for dimensions {asked}", body);
        }
        return EmbeddingMatrix.Allocate(count, dimensions);
    }

    private static long PromptTokens(ref Utf8JsonReader reader)
    {
        long tokens = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool prompt = reader.ValueTextEquals("prompt_tokens"u8);
            reader.Read();
            if (prompt && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long n)) tokens = n;
            reader.Skip();
        }
        return tokens;
    }

    private static long SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return 0;
    }
}
