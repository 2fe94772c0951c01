namespace Horizont.Hosting.Pages;

/// <summary>One line of a timeline. <paramref name="Kind"/> is a CSS class (<c>sent</c>, <c>received</c>, <c>step</c>, <c>warning</c>).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Title, string? Detail = null, string? By = null, string Kind = "step");
