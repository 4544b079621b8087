using System;

namespace LiteLlmNative;

/// <summary>
/// The library's version, kept in step with &lt;Version&gt; in Directory.Build.props (a unit
/// test compares them).
/// </summary>
internal static class LiteLlmVersion
{
    public const string Text = "0.1.0";
    /// <summary>LITELLM_ABI_VERSION: 2 added the asynchronous calls.</summary>
    public const int Abi = 2;

    /// <summary>NUL-terminated UTF-8 for <c>litellm_version</c>; lives in read-only data.</summary>
    public static ReadOnlySpan<byte> Utf8Z => "0.1.0\0"u8;
}
