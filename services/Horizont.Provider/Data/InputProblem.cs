namespace Horizont.Provider.Data;

/// <summary>A rule an input broke, keyed by the request field's wire name; the message is German, for staff.</summary>
public sealed record InputProblem(string Field, string Message);
