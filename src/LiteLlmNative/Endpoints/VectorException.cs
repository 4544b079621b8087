using System;

namespace LiteLlmNative.Endpoints;

/// <summary>What is wrong with one embedding value; the reader puts the answer's path in front.</summary>
internal sealed class VectorException : Exception
{
    /// <param name="where">"" for the value itself, or an element such as "[17]".</param>
    public VectorException(string where, string problem) : base(problem) => Where = where;

    public string Where { get; }
}
