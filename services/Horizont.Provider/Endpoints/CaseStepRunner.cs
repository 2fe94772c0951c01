using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Endpoints;

/// <summary>What a staff step came to, for the API (an HTTP answer) and the pages (a notice or the form's errors) alike.</summary>
public abstract record StepOutcome
{
    private StepOutcome()
    {
    }

    /// <summary>The step was taken and saved with its history and its message to the Jugendamt.</summary>
    public sealed record Done(CaseSummary Case) : StepOutcome;

    /// <summary>There is no case for the referral.</summary>
    public sealed record NotFound(Guid ReferralId) : StepOutcome;

    /// <summary>The case does not allow the step now (its state, or someone else changed it at the same time).</summary>
    public sealed record NotAllowed(string Reason) : StepOutcome;

    /// <summary>The input was refused, field by field; nothing was changed.</summary>
    public sealed record Invalid(FieldErrors Errors) : StepOutcome;
}

/// <summary>
/// The one code path of every staff step, whether it came through the API or a staff page's form: checks the input,
/// finds the case, asks the case whether the step is allowed, and commits the change, its history entries and the
/// message to the Jugendamt in one SaveChanges.
/// </summary>
public sealed class CaseStepRunner(CaseDbContext db, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>At most this many reminder dates in a non-compliance report.</summary>
    public const int MaxReminderDates = 20;

    /// <summary>Today in Germany.</summary>
    public DateOnly Today => time.Today();

    /// <summary>The clock's now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Accepts a submitted referral; sends ReferralAccepted.</summary>
    public Task<StepOutcome> AcceptAsync(Guid referralId, string actor, CancellationToken cancellationToken) =>
        TakeAsync(referralId, CaseStep.Accept, (@case, now) => @case.Accept(now, actor), cancellationToken);

    /// <summary>Declines a submitted referral with a reason code (one of <see cref="DeclineReasonCodes"/>) and an optional note; sends ReferralDeclined.</summary>
    public async Task<StepOutcome> DeclineAsync(Guid referralId, string actor, string? reasonCode, string? note, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.RequireCode("reasonCode", reasonCode, DeclineReasonCodes.All);
        errors.Text("note", note, ReferralLimits.MaxNoteLength, lineBreaks: true);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        return await TakeAsync(referralId, CaseStep.Decline, (@case, now) => @case.Decline(now, actor, reasonCode!, trimmed), cancellationToken);
    }

    /// <summary>Schedules the intake meeting (German local date-time, not in the past); sends IntakeMeetingRecorded (SCHEDULED).</summary>
    public async Task<StepOutcome> ScheduleIntakeAsync(Guid referralId, string actor, ScheduleIntakeRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var appointment = errors.PlannedDateTime("date", body?.Date, Today);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        return await TakeAsync(referralId, CaseStep.ScheduleIntake, (@case, now) => @case.ScheduleIntake(now, actor, appointment!.Value), cancellationToken);
    }

    /// <summary>Records the scheduled intake meeting as held; sends IntakeMeetingRecorded (HELD).</summary>
    public Task<StepOutcome> RecordIntakeHeldAsync(Guid referralId, string actor, IntakeOutcomeRequest? body, CancellationToken cancellationToken) =>
        RecordIntakeOutcomeAsync(referralId, CaseStep.RecordIntakeHeld, body, (@case, now, day) => @case.RecordIntakeHeld(now, actor, day), cancellationToken);

    /// <summary>Records the scheduled intake meeting as missed; sends IntakeMeetingRecorded (MISSED).</summary>
    public Task<StepOutcome> RecordIntakeMissedAsync(Guid referralId, string actor, IntakeOutcomeRequest? body, CancellationToken cancellationToken) =>
        RecordIntakeOutcomeAsync(referralId, CaseStep.RecordIntakeMissed, body, (@case, now, day) => @case.RecordIntakeMissed(now, actor, day), cancellationToken);

    private async Task<StepOutcome> RecordIntakeOutcomeAsync(
        Guid referralId, CaseStep step, IntakeOutcomeRequest? body, Func<Case, DateTimeOffset, DateOnly, IntakeMeetingRecorded> record, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var day = errors.PastDate("date", body?.Date, Today);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        return await TakeAsync(referralId, step, (@case, now) => record(@case, now, day!.Value), cancellationToken,
            check: (@case, _) => @case.IntakeOutcomeProblems(day!.Value));
    }

    /// <summary>
    /// Arranges (or changes) the placement; sends PlacementArranged with the category only. With a site of the catalogue
    /// (<see cref="ArrangePlacementRequest.SiteId"/>) the site must be active, have a free place, offer the category and
    /// take the young person's age at the start; the placement then carries the site's name.
    /// </summary>
    public async Task<StepOutcome> ArrangePlacementAsync(Guid referralId, string actor, ArrangePlacementRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.RequireCode("category", body?.Category, PlacementCategoryCodes.All);
        var siteId = body?.SiteId;
        if (siteId is null && errors.Require("name", body?.Name))
            errors.Text("name", body!.Name!.Trim(), ReferralLimits.MaxNameLength, lineBreaks: false);
        var startDate = errors.PlannedDate("startDate", body?.StartDate, Today);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        var category = body!.Category!;
        if (siteId is not { } id)
        {
            var name = body.Name!.Trim();
            return await TakeAsync(referralId, CaseStep.ArrangePlacement, (@case, now) => @case.ArrangePlacement(now, actor, category, name, startDate!.Value), cancellationToken);
        }

        var site = await db.PlacementSites.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        var inUse = (await db.PlacesInUseAsync(cancellationToken, siteId: id, except: referralId)).GetValueOrDefault(id);
        return await TakeAsync(
            referralId,
            CaseStep.ArrangePlacement,
            (@case, now) =>
            {
                site!.TakePlace();
                return @case.ArrangePlacement(now, actor, category, site.Name, startDate!.Value, site.Id);
            },
            cancellationToken,
            check: (@case, _) => PlacementSites.PlacementProblems(site, @case, category, startDate!.Value, inUse));
    }

    /// <summary>Logs one shift or a correction; sends HoursReported with the running total.</summary>
    public async Task<StepOutcome> LogHoursAsync(Guid referralId, string actor, LogHoursRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var date = errors.PastDate("date", body?.Date, Today);
        if (body?.Hours is null)
            errors.Add("hours", "Pflichtfeld fehlt.");
        errors.Text("note", body?.Note, ReferralLimits.MaxNoteLength, lineBreaks: true);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        var hours = body!.Hours!.Value;
        var correction = body.Correction ?? false;
        var note = Trimmed(body.Note);
        return await TakeAsync(
            referralId,
            CaseStep.LogHours,
            (@case, now) => @case.LogHours(now, actor, date!.Value, hours, correction, note),
            cancellationToken,
            check: (@case, now) => @case.HoursEntryProblems(date!.Value, hours, correction, HorizontTime.DayOf(now)),
            withHourEntries: true);
    }

    /// <summary>Reports non-compliance with a reason code, the days the young person was reminded and a recommendation; sends NonComplianceReported.</summary>
    public async Task<StepOutcome> ReportNonComplianceAsync(Guid referralId, string actor, ReportNonComplianceRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.RequireCode("reasonCode", body?.ReasonCode, NonComplianceReasonCodes.All);
        var remindedOn = new List<DateOnly>();
        var given = body?.RemindedOn ?? [];
        if (given.Count > MaxReminderDates)
            errors.Add("remindedOn", $"Höchstens {MaxReminderDates} Erinnerungen, angegeben: {given.Count}.");
        for (var i = 0; i < given.Count && i < MaxReminderDates; i++)
        {
            if (errors.PastDate($"remindedOn[{i}]", given[i], Today) is { } day)
                remindedOn.Add(day);
        }

        errors.Text("recommendation", body?.Recommendation, ReferralLimits.MaxNoteLength, lineBreaks: true);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        var reasonCode = body!.ReasonCode!;
        var recommendation = Trimmed(body.Recommendation);
        remindedOn.Sort();
        return await TakeAsync(referralId, CaseStep.ReportNonCompliance,
            (@case, now) => @case.ReportNonCompliance(now, actor, reasonCode, remindedOn, recommendation), cancellationToken);
    }

    /// <summary>Asks the Jugendamt for a later deadline; sends ExtensionRequested.</summary>
    public async Task<StepOutcome> RequestExtensionAsync(Guid referralId, string actor, RequestExtensionRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.RequireCode("reasonCode", body?.ReasonCode, ExtensionReasonCodes.All);
        var proposed = errors.FutureDate("proposedDeadline", body?.ProposedDeadline, Today);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        var reasonCode = body!.ReasonCode!;
        return await TakeAsync(referralId, CaseStep.RequestExtension, (@case, now) => @case.RequestExtension(now, actor, reasonCode, proposed!.Value), cancellationToken,
            check: (@case, _) => @case.ExtensionProblems(proposed!.Value));
    }

    /// <summary>Reports the hours as worked; sends ReferralCompleted.</summary>
    public async Task<StepOutcome> CompleteAsync(Guid referralId, string actor, CompleteRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var completedOn = errors.PastDate("completedOn", body?.CompletedOn, Today);
        if (errors.Any)
            return new StepOutcome.Invalid(errors);

        return await TakeAsync(referralId, CaseStep.Complete, (@case, now) => @case.Complete(now, actor, completedOn!.Value), cancellationToken,
            check: (@case, now) => @case.CompletionProblems(completedOn!.Value, HorizontTime.DayOf(now)));
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Loads the case, checks the step against the case's rules (<see cref="StepOutcome.NotAllowed"/>) and the input
    /// against the case (<see cref="StepOutcome.Invalid"/>, <paramref name="check"/>), lets <paramref name="take"/> take the
    /// step on the case, which returns the message to the Jugendamt, and saves the change, its history and the message in
    /// one transaction.
    /// </summary>
    public async Task<StepOutcome> TakeAsync<TMessage>(
        Guid referralId,
        CaseStep step,
        Func<Case, DateTimeOffset, TMessage> take,
        CancellationToken cancellationToken,
        Func<Case, DateTimeOffset, IReadOnlyList<InputProblem>>? check = null,
        bool withHourEntries = false)
        where TMessage : class, IReferralMessage
    {
        IQueryable<Case> query = withHourEntries ? db.Cases.Include(c => c.HourEntries) : db.Cases;
        var @case = await query.SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken);
        if (@case is null)
            return new StepOutcome.NotFound(referralId);
        if (@case.WhyNot(step) is { } reason)
            return new StepOutcome.NotAllowed(reason);

        var now = time.GetUtcNow();
        if (check?.Invoke(@case, now) is { Count: > 0 } problems)
        {
            var errors = new FieldErrors();
            errors.AddAll(problems);
            return new StepOutcome.Invalid(errors);
        }

        var message = take(@case, now);
        var sent = db.SendToJugendamt(@case, message, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.IsConflict(ex))
        {
            // Someone else changed the case between our read and our write (its version, or rows such as the
            // reminder schedule that both changes wrote); nothing of ours was saved.
            loggers.CreateLogger(typeof(ProviderApi)).LogWarning(
                "Referral {ReferralId}: step {Step} lost a race against a concurrent change ({Conflict}); answered 409",
                @case.ReferralId, step, ex.GetBaseException().GetType().Name);
            return new StepOutcome.NotAllowed("Die Zuweisung wurde gerade von jemand anderem bearbeitet. Bitte neu laden und prüfen.");
        }

        loggers.CreateLogger(typeof(ProviderApi)).LogInformation(
            "Referral {ReferralId}: step {Step} taken, now {State}; {MessageType} {MessageId} queued for {JugendamtId}",
            @case.ReferralId, step, @case.State, typeof(TMessage).Name, sent.MessageId, @case.JugendamtId);
        return new StepOutcome.Done(CaseSummary.From(@case));
    }
}
