namespace Horizont.Jugendamt.Options;

/// <summary>The Jugendamt this process acts as, resolved from the partner directory at registration.</summary>
/// <param name="Id">Its agency id, e.g. <c>ja-nordhausen</c>.</param>
public sealed record JugendamtAgency(string Id);
