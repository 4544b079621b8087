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
}
