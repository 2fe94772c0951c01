using System.Net;
using System.Text.Json;
using Horizont.Messages;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Horizont.Provider.Tests.Support.CaseSteps;
using static Horizont.Provider.Tests.Support.Problems;

namespace Horizont.Provider.Tests;

/// <summary>
/// The staff input rules through the API, with the fake clock at <see cref="CaseSteps.Start"/> (1 December 2026,
/// so the earliest event date is 30 November 2025 and the latest planned date 1 December 2029): each broken rule
/// answers 400 naming the field without repeating the value entered, and the value at the rule's edge passes.
/// </summary>
public sealed class RefusedInputTests
{
    /// <summary>366 days before <see cref="CaseSteps.Start"/>'s day: the earliest date of something that happened or is planned.</summary>
    private const string Earliest = "2025-11-30";
    private const string TooEarly = "2025-11-29";

    /// <summary>Three years after <see cref="CaseSteps.Start"/>'s day: the latest appointment, placement start or deadline.</summary>
    private const string Latest = "2029-12-01";
    private const string TooLate = "2029-12-02";

    /// <summary>A word that stands for something personal in the texts below; no answer may repeat it.</summary>
    private const string Marker = "Quastenbergweg";

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FakeTimeProvider _time = new(Start);

    private enum Setup
    {
        Submitted,
        Accepted,
        IntakeScheduledOnEarliestDay,
        IntakeHeld,
        PlacedFromEarliestDay,
        DeadlineToday,
    }

    private sealed record Input(Setup Setup, string Step, object Body, string Field, params string[] Echoes);

    private static string Text(int length, string insert = "") =>
        (Marker + insert + new string('x', length)).Substring(0, length);

    private static readonly Dictionary<string, Input> Refused = new()
    {
        ["decline note longer than 500"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Text(501) }, "note", Marker),
        ["decline note with a bell character"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Marker + "\u0007" }, "note", Marker),
        ["decline note with a tab"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Marker + "\tx" }, "note", Marker),
        ["decline note with a right-to-left override"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Marker + "\u202Ex" }, "note", Marker),
        ["decline note with a lone carriage return"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Marker + "\rx" }, "note", Marker),
        ["hours note longer than 500"] = new(Setup.PlacedFromEarliestDay, "hours", new { date = "2026-12-01", hours = 2, note = Text(501) }, "note", Marker),
        ["hours note with a zero-width space"] = new(Setup.PlacedFromEarliestDay, "hours", new { date = "2026-12-01", hours = 2, note = Marker + "\u200Bx" }, "note", Marker),
        ["recommendation longer than 500"] = new(Setup.IntakeHeld, "noncompliance", new { reasonCode = NonComplianceReasonCodes.NoShow, remindedOn = Array.Empty<string>(), recommendation = Text(501) }, "recommendation", Marker),
        ["recommendation with an escape character"] = new(Setup.IntakeHeld, "noncompliance", new { reasonCode = NonComplianceReasonCodes.NoShow, remindedOn = Array.Empty<string>(), recommendation = Marker + "\u001Bx" }, "recommendation", Marker),
        ["placement name longer than 200"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Text(201), startDate = "2026-12-03" }, "name", Marker),
        ["placement name with a line break"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Marker + "\nNord", startDate = "2026-12-03" }, "name", Marker),
        ["placement name with a right-to-left override"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Marker + "\u202ENord", startDate = "2026-12-03" }, "name", Marker),
        ["placement name with a NUL"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Marker + "\0Nord", startDate = "2026-12-03" }, "name", Marker),
        ["intake held more than 366 days ago"] = new(Setup.IntakeScheduledOnEarliestDay, "intake/held", new { date = TooEarly }, "date", TooEarly, "29.11.2025"),
        ["intake missed more than 366 days ago"] = new(Setup.IntakeScheduledOnEarliestDay, "intake/missed", new { date = TooEarly }, "date", TooEarly, "29.11.2025"),
        ["shift more than 366 days ago"] = new(Setup.PlacedFromEarliestDay, "hours", new { date = TooEarly, hours = 2 }, "date", TooEarly, "29.11.2025"),
        ["reminder more than 366 days ago"] = new(Setup.IntakeHeld, "noncompliance", new { reasonCode = NonComplianceReasonCodes.NoShow, remindedOn = new[] { TooEarly } }, "remindedOn[0]", TooEarly, "29.11.2025"),
        ["completion more than 366 days ago"] = new(Setup.PlacedFromEarliestDay, "complete", new { completedOn = TooEarly }, "completedOn", TooEarly, "29.11.2025"),
        ["appointment more than 366 days ago"] = new(Setup.Accepted, "intake/schedule", new { date = TooEarly + "T10:00" }, "date", TooEarly, "29.11.2025"),
        ["appointment more than 3 years ahead"] = new(Setup.Accepted, "intake/schedule", new { date = TooLate + "T10:00" }, "date", TooLate, "02.12.2029"),
        ["placement start more than 366 days ago"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = TooEarly }, "startDate", TooEarly, "29.11.2025"),
        ["placement start more than 3 years ahead"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = TooLate }, "startDate", TooLate, "02.12.2029"),
        // The answer names today's date ("heute ist der 01.12.2026"), which here is also the value entered: a fact of the
        // clock rather than an echo, so only the value as entered (ISO) is checked for this row.
        ["proposed deadline today"] = new(Setup.DeadlineToday, "extension-request", new { reasonCode = ExtensionReasonCodes.Illness, proposedDeadline = "2026-12-01" }, "proposedDeadline", "2026-12-01"),
        ["proposed deadline in the past"] = new(Setup.DeadlineToday, "extension-request", new { reasonCode = ExtensionReasonCodes.Illness, proposedDeadline = "2026-11-20" }, "proposedDeadline", "2026-11-20", "20.11.2026"),
        ["proposed deadline more than 3 years ahead"] = new(Setup.IntakeHeld, "extension-request", new { reasonCode = ExtensionReasonCodes.Illness, proposedDeadline = TooLate }, "proposedDeadline", TooLate, "02.12.2029"),
    };

    private static readonly Dictionary<string, Input> Passing = new()
    {
        ["decline note of 500 with line breaks"] = new(Setup.Submitted, "decline", new { reasonCode = DeclineReasonCodes.NoCapacity, note = Text(500, "\nZeile\r\nZeile") }, "note"),
        ["hours note of 500 with line breaks"] = new(Setup.PlacedFromEarliestDay, "hours", new { date = "2026-12-01", hours = 2, note = Text(500, "\r\nZeile\n") }, "note"),
        ["recommendation of 500 with line breaks"] = new(Setup.IntakeHeld, "noncompliance", new { reasonCode = NonComplianceReasonCodes.NoShow, remindedOn = Array.Empty<string>(), recommendation = Text(500, "\nZeile") }, "recommendation"),
        ["placement name of 200"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Text(200), startDate = "2026-12-03" }, "name"),
        ["intake held 366 days ago"] = new(Setup.IntakeScheduledOnEarliestDay, "intake/held", new { date = Earliest }, "date"),
        ["intake missed 366 days ago"] = new(Setup.IntakeScheduledOnEarliestDay, "intake/missed", new { date = Earliest }, "date"),
        ["shift 366 days ago"] = new(Setup.PlacedFromEarliestDay, "hours", new { date = Earliest, hours = 2 }, "date"),
        ["reminder 366 days ago"] = new(Setup.IntakeHeld, "noncompliance", new { reasonCode = NonComplianceReasonCodes.NoShow, remindedOn = new[] { Earliest } }, "remindedOn[0]"),
        ["appointment 366 days ago"] = new(Setup.Accepted, "intake/schedule", new { date = Earliest + "T10:00" }, "date"),
        ["appointment 3 years ahead"] = new(Setup.Accepted, "intake/schedule", new { date = Latest + "T10:00" }, "date"),
        ["placement start 366 days ago"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = Earliest }, "startDate"),
        ["placement start 3 years ahead"] = new(Setup.IntakeHeld, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = Latest }, "startDate"),
        ["proposed deadline tomorrow"] = new(Setup.DeadlineToday, "extension-request", new { reasonCode = ExtensionReasonCodes.Illness, proposedDeadline = "2026-12-02" }, "proposedDeadline"),
        ["proposed deadline 3 years ahead"] = new(Setup.IntakeHeld, "extension-request", new { reasonCode = ExtensionReasonCodes.Illness, proposedDeadline = Latest }, "proposedDeadline"),
    };

    public static TheoryData<string> RefusedInputs => [.. Refused.Keys];

    public static TheoryData<string> PassingInputs => [.. Passing.Keys];

    [Theory]
    [MemberData(nameof(RefusedInputs))]
    public async Task A_broken_rule_is_refused_naming_the_field_without_the_value_and_changes_nothing(string rule)
    {
        var input = Refused[rule];
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await SetUpAsync(host, input.Setup);
        var before = await host.GetCaseAsync(id);
        var sentBefore = (await host.OutboxAsync()).Count;

        var response = await host.PostStepAsync(id, input.Step, input.Body);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{rule}: answered {(int)response.StatusCode}: {body}");
        var problem = await ValidationProblemOf(response);
        Assert.True(problem.Errors.ContainsKey(input.Field), $"{rule}: no error for {input.Field} in {body}");
        var decoded = JsonSerializer.Serialize(problem.Errors, Unescaped);
        foreach (var echo in input.Echoes)
        {
            Assert.DoesNotContain(echo, body, StringComparison.Ordinal);
            Assert.DoesNotContain(echo, decoded, StringComparison.Ordinal);
            Assert.DoesNotContain(echo, problem.Detail ?? "", StringComparison.Ordinal);
        }

        var after = await host.GetCaseAsync(id);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.History.Count, after.History.Count);
        Assert.Equal(sentBefore, (await host.OutboxAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(PassingInputs))]
    public async Task The_value_at_the_edge_of_a_rule_passes(string rule)
    {
        var input = Passing[rule];
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await SetUpAsync(host, input.Setup);

        var response = await host.PostStepAsync(id, input.Step, input.Body);

        Assert.True(response.IsSuccessStatusCode, $"{rule}: answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Corrections_may_bring_the_total_to_300_hours_but_not_above()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var (id, day) = await TenHoursADayAsync(host, corrections: 26);
        Assert.Equal(300m, (await host.GetCaseAsync(id)).HoursCompleted);
        var sentBefore = (await host.OutboxAsync()).Count;

        var response = await host.PostStepAsync(id, "hours", new { date = Iso(day), hours = 2.75m, correction = true });

        var body = await response.Content.ReadAsStringAsync();
        var problem = await ValidationProblemOf(response);
        Assert.True(problem.Errors.ContainsKey("hours"), $"no error for hours in {body}");
        Assert.DoesNotContain("2.75", body, StringComparison.Ordinal);
        Assert.DoesNotContain("2,75", body, StringComparison.Ordinal);
        Assert.Equal(300m, (await host.GetCaseAsync(id)).HoursCompleted);
        Assert.Equal(sentBefore, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_correction_reaching_exactly_300_hours_passes()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var (id, day) = await TenHoursADayAsync(host, corrections: 25);
        await host.LogAsync(id, Iso(day), 7.25m, correction: true);

        var last = await host.LogAsync(id, Iso(day.AddDays(1)), 2.75m, correction: true);

        Assert.Equal(300m, last.HoursCompleted);
    }

    /// <summary>A case placed from <see cref="Earliest"/> with its 40 hours ordered and <paramref name="corrections"/> corrections of +10 logged a day each; returns the next free day.</summary>
    private static async Task<(Guid Id, DateOnly NextDay)> TenHoursADayAsync(ProviderHost host, int corrections)
    {
        var id = await SetUpAsync(host, Setup.PlacedFromEarliestDay);
        var day = new DateOnly(2025, 11, 30);
        for (var i = 0; i < 4; i++, day = day.AddDays(1))
            await host.LogAsync(id, Iso(day), 10m);
        for (var i = 0; i < corrections; i++, day = day.AddDays(1))
            await host.LogAsync(id, Iso(day), 10m, correction: true);
        return (id, day);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> SetUpAsync(ProviderHost host, Setup setup)
    {
        switch (setup)
        {
            case Setup.Submitted:
                var referral = Referrals.Valid();
                await host.SubmitAndWaitAsync(referral);
                return referral.ReferralId;
            case Setup.Accepted:
                return await host.AcceptedCaseAsync();
            case Setup.IntakeScheduledOnEarliestDay:
                var scheduled = await host.AcceptedCaseAsync();
                await host.StepAsync(scheduled, "intake/schedule", new { date = Earliest + "T09:00" });
                return scheduled;
            case Setup.IntakeHeld:
                var held = await host.AcceptedCaseAsync();
                await host.StepAsync(held, "intake/schedule", new { date = "2026-12-01T08:30" });
                await host.StepAsync(held, "intake/held", new { date = "2026-12-01" });
                return held;
            case Setup.PlacedFromEarliestDay:
                return await host.PlacedCaseAsync(placementStart: Earliest);
            case Setup.DeadlineToday:
                var due = await host.AcceptedCaseAsync(Referrals.Valid() with { Deadline = new DateOnly(2026, 12, 1) });
                await host.StepAsync(due, "intake/schedule", new { date = "2026-12-01T08:30" });
                await host.StepAsync(due, "intake/held", new { date = "2026-12-01" });
                return due;
            default:
                throw new ArgumentOutOfRangeException(nameof(setup), setup, null);
        }
    }
}
