namespace LiteLlmNative;

/// <summary>The one status enum of the C ABI (litellm.h: litellm_status). Values are ABI.</summary>
public enum LiteLlmStatus
{
    Ok = 0,
    InvalidArgument = 1,
    Network = 2,
    Timeout = 3,
    HttpStatus = 4,
    BadResponse = 5,
    InvalidResult = 6,
    Cancelled = 7,
    Internal = 8,
}

internal static class LiteLlmStatusExtensions
{
    /// <summary>The lower-case name used as <c>kind</c> in error documents.</summary>
    public static string ToKind(this LiteLlmStatus status) => status switch
    {
        LiteLlmStatus.Ok => "ok",
        LiteLlmStatus.InvalidArgument => "invalid_argument",
        LiteLlmStatus.Network => "network",
        LiteLlmStatus.Timeout => "timeout",
        LiteLlmStatus.HttpStatus => "http_status",
        LiteLlmStatus.BadResponse => "bad_response",
        LiteLlmStatus.InvalidResult => "invalid_result",
        LiteLlmStatus.Cancelled => "cancelled",
        _ => "internal",
    };

    /// <summary>
    /// <see cref="ToKind"/> as NUL-terminated UTF-8 in the image's read-only data, for
    /// <c>litellm_status_str</c>; a value outside the enum is "unknown".
    /// </summary>
    public static System.ReadOnlySpan<byte> KindUtf8Z(int status) => status switch
    {
        0 => "ok\0"u8,
        1 => "invalid_argument\0"u8,
        2 => "network\0"u8,
        3 => "timeout\0"u8,
        4 => "http_status\0"u8,
        5 => "bad_response\0"u8,
        6 => "invalid_result\0"u8,
        7 => "cancelled\0"u8,
        8 => "internal\0"u8,
        _ => "unknown\0"u8,
    };
}
