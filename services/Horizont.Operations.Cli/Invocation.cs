namespace Horizont.Operations.Cli;

/// <summary>Which alerts to list.</summary>
internal enum AlertFilter
{
    Open,
    All,
}

/// <summary>One call of <c>horizont-ops</c>, parsed and checked: what to do, against which service, with which API key.</summary>
internal sealed record Invocation(
    string Command,
    string? GroupId,
    Uri BaseUrl,
    string? ApiKey,
    bool Json,
    bool Stack,
    Guid? MessageId,
    string? Reason,
    AlertFilter Alerts);
