namespace Horizont.Provider.Endpoints;

// Request bodies of the staff steps. Their shapes are fixed (other integrations are written against
// them): JSON camelCase, dates as ISO strings. Dates are strings here so that a wrong one is answered
// with a German field error (400) instead of the framework's generic binding failure. Optional fields
// have defaults, so the OpenAPI document lists only the others as required.

/// <summary>Body of <c>POST /provider/api/cases/{referralId}/decline</c>.</summary>
/// <param name="ReasonCode">One of <c>NO_CAPACITY</c>, <c>NOT_RESPONSIBLE</c>, <c>CONFLICT_OF_INTEREST</c>, <c>OTHER</c>.</param>
/// <param name="Note">Optional, at most 500 characters; sent to the Jugendamt.</param>
public sealed record DeclineRequest(string? ReasonCode, string? Note = null);

/// <summary>Body of <c>POST …/intake/schedule</c>.</summary>
/// <param name="Date">The appointment: German local date-time without offset (<c>2026-12-01T15:00</c>), or ISO 8601 with offset (<c>2026-12-01T14:00Z</c>).</param>
public sealed record ScheduleIntakeRequest(string? Date);

/// <summary>Body of <c>POST …/intake/held</c> and <c>POST …/intake/missed</c>.</summary>
/// <param name="Date">ISO date of the meeting (<c>2026-12-01</c>), not in the future.</param>
public sealed record IntakeOutcomeRequest(string? Date);

/// <summary>Body of <c>POST …/placement</c>.</summary>
/// <param name="Category">One of <c>SOCIAL</c>, <c>ENVIRONMENT</c>, <c>SPORT</c>, <c>CULTURE</c>, <c>OTHER</c>; the only part the Jugendamt learns.</param>
/// <param name="Name">The Einsatzstelle, at most 200 characters; stays at the provider. Required without <c>siteId</c>, ignored with it.</param>
/// <param name="StartDate">ISO date of the first possible shift.</param>
/// <param name="SiteId">Optional: a site of the catalogue (<c>/provider/api/sites</c>); it must be active, have a free place, offer the
/// category and take the young person's age at the start date. The placement then carries the site's name.</param>
public sealed record ArrangePlacementRequest(string? Category, string? Name, string? StartDate, Guid? SiteId = null);

/// <summary>Body of <c>POST …/hours</c>: one shift, or a correction.</summary>
/// <param name="Date">ISO date the hours were worked (or the day a correction corrects): not in the future, not before the placement's start.</param>
/// <param name="Hours">More than 0 and at most 10 (and at most 10 that day); not more than the hours still open unless <c>correction</c>. A correction may be negative, but the total never drops below 0.</param>
/// <param name="Note">Optional, at most 500 characters; stays at the provider.</param>
/// <param name="Correction">True for a correction of earlier entries (may be negative, may exceed the open hours).</param>
public sealed record LogHoursRequest(string? Date, decimal? Hours, string? Note = null, bool? Correction = null);

/// <summary>Body of <c>POST …/noncompliance</c>.</summary>
/// <param name="ReasonCode">One of <c>NO_SHOW</c>, <c>UNEXCUSED_ABSENCES</c>, <c>DROPPED_OUT</c>, <c>UNREACHABLE</c>.</param>
/// <param name="RemindedOn">ISO dates on which the young person was reminded, none in the future (at most 20).</param>
/// <param name="Recommendation">Optional, at most 500 characters; sent to the Jugendamt.</param>
public sealed record ReportNonComplianceRequest(string? ReasonCode, IReadOnlyList<string?>? RemindedOn = null, string? Recommendation = null);

/// <summary>Body of <c>POST …/extension-request</c>.</summary>
/// <param name="ReasonCode">One of <c>ILLNESS</c>, <c>SCHOOL_OR_WORK</c>, <c>PLACEMENT_UNAVAILABLE</c>, <c>OTHER</c>.</param>
/// <param name="ProposedDeadline">ISO date after the deadline in force.</param>
public sealed record RequestExtensionRequest(string? ReasonCode, string? ProposedDeadline);

/// <summary>Body of <c>POST …/complete</c>.</summary>
/// <param name="CompletedOn">ISO date the hours were completed: not in the future, not before the last shift.</param>
public sealed record CompleteRequest(string? CompletedOn);
