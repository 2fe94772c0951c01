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
