using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Reports;

/// <summary>What recording a court report came to, for the API and the report page alike.</summary>
public abstract record CourtReportOutcome
{
    private CourtReportOutcome()
    {
    }

    public sealed record Done(Referral Referral) : CourtReportOutcome;

    public sealed record NotFound(Guid ReferralId) : CourtReportOutcome;

    /// <summary>The referral's state does not allow it, or someone changed it at the same time (German reason).</summary>
    public sealed record NotAllowed(string Reason) : CourtReportOutcome;

    public sealed record Invalid(FieldErrors Errors) : CourtReportOutcome;
}

/// <summary>
/// The one code path of "the report went to the court" (Bericht an das Gericht), from the API and the report page:
/// after a completion the referral is closed; after a non-compliance it waits for the court (bei Justiz).
/// </summary>
public sealed class CourtReports(LedgerDbContext db, TimeProvider time)
{
    public async Task<CourtReportOutcome> RecordAsync(Guid referralId, DateOnly? reportedOn, string actor, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
            return new CourtReportOutcome.NotFound(referralId);
        if (referral.WhyNotReportToCourt() is { } whyNot)
            return new CourtReportOutcome.NotAllowed(whyNot);

        var now = time.GetUtcNow();
        var today = time.Today();
        var errors = new FieldErrors();
        if (reportedOn is not { } day)
            errors.Add("reportedOn", "Das Datum des Berichts fehlt (JJJJ-MM-TT).");
        else if (day > today)
            errors.Add("reportedOn", $"Das Datum liegt in der Zukunft (heute ist der {GermanText.Date(today)}).");
        else if (referral.CompletedOn is { } completed && day < completed)
            errors.Add("reportedOn", $"Das Datum liegt vor der Erledigung am {GermanText.Date(completed)}.");
        else if (referral.CompletedOn is null && referral.NonComplianceReportedAt is { } reported && day < HorizontTime.DayOf(reported))
            errors.Add("reportedOn", $"Das Datum liegt vor der Meldung der Nichterfüllung am {GermanText.Date(HorizontTime.DayOf(reported))}.");
        if (errors.Any)
            return new CourtReportOutcome.Invalid(errors);

        var completion = referral.CompletedOn is not null;
        referral.ReportToCourt(reportedOn!.Value, now);
        referral.UpdatedAt = now;
        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referral.Id,
            Time = now,
            Kind = LedgerHistoryKinds.CourtReported,
            Actor = actor,
            Detail = completion
                ? $"Bericht an das Gericht am {GermanText.Date(referral.CourtReportedOn!.Value)} erfasst; Zuweisung abgeschlossen."
                : $"Bericht über die Nichterfüllung am {GermanText.Date(referral.CourtReportedOn!.Value)} an das Gericht; die Entscheidung steht aus.",
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.IsConflict(ex))
        {
            return new CourtReportOutcome.NotAllowed("Die Zuweisung wurde gerade anderweitig geändert. Bitte neu laden und prüfen.");
        }

        return new CourtReportOutcome.Done(referral);
    }
}
