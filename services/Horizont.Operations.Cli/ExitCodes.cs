namespace Horizont.Operations.Cli;

/// <summary>What <c>horizont-ops</c> returns to the shell; the usage text lists the same.</summary>
internal static class ExitCodes
{
    /// <summary>Done, and nothing is wrong.</summary>
    public const int Done = 0;

    /// <summary>
    /// Done, and there is something to look at: failed messages, an instance late or gone, a stale outbox, open alerts,
    /// a queue source that could not be read, a queue without consumer holding messages, messages a replay or discard
    /// could not move.
    /// </summary>
    public const int Attention = 1;

    /// <summary>The call itself is wrong: unknown command or option, missing reason or id.</summary>
    public const int Usage = 2;

    /// <summary>The service cannot be reached, answered with a server error, or answered something unexpected.</summary>
    public const int Unreachable = 3;

    /// <summary>The group or message is not (or no longer) in an error queue.</summary>
    public const int NotFound = 4;

    /// <summary>Not signed in (HTTP 401): <c>HORIZONT_OPS_KEY</c> is missing, or the key is unknown, malformed or revoked.</summary>
    public const int NotSignedIn = 5;

    /// <summary>Refused (HTTP 403): the key is valid but lacks the Operations role.</summary>
    public const int NotAllowed = 6;
}
