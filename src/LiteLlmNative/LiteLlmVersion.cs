namespace LiteLlmNative;

internal static class LiteLlmVersion
{
    public const string Text = "0.1.0";
    public const int Abi = 1;
}
