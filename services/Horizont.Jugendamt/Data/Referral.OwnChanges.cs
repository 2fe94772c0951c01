using Horizont.Hosting;

namespace Horizont.Jugendamt.Data;

/// <summary>
/// The Jugendamt's own changes of a referral: an amendment after a court decision, a withdrawal, the report to the
/// court after the completion. Each is allowed where <see cref="ReferralStateMachine"/> has a row for it; the German
/// reasons say why not. The caller sends the message the change causes.
/// </summary>
public sealed partial class Referral
{
    /// <summary>Why an amendment is not possible now (German, for staff), or null when it is.</summary>
    public string? WhyNotAmend() => ReferralStateMachine.Find(this, ReferralStep.Amend) is not null ? null : Status switch
    {
        ReferralStatus.Refused =>
            $"Die Übergabe wurde vom Träger zurückgewiesen ({ReferralLabels.Describe(Status)}); der Träger führt keinen Fall dazu. "
            + "Bitte die Zuweisung korrigieren und neu übergeben.",
        ReferralStatus.Submitted =>
            $"Die Zuweisung ist vom Träger noch nicht angenommen ({ReferralLabels.Describe(Status)}). Eine Änderung ist erst nach der Annahme möglich; "
            + "bis dahin kann die Zuweisung beendet und neu übergeben werden.",
        ReferralStatus.WithdrawalRequested =>
            $"Die Beendigung der Zuweisung ist beantragt ({ReferralLabels.Describe(Status)}); sie kann nicht mehr geändert werden.",
        _ => $"Die Zuweisung ist bereits beendet ({ReferralLabels.Describe(Status)}); sie kann nicht mehr geändert werden.",
    };

    /// <summary>Why a withdrawal is not possible now (German, for staff), or null when it is.</summary>
    public string? WhyNotWithdraw() => ReferralStateMachine.Find(this, ReferralStep.Withdraw) is not null ? null : Status switch
    {
        ReferralStatus.WithdrawalRequested =>
            $"Die Beendigung ist bereits beantragt ({ReferralLabels.Describe(Status)}) und wartet auf die Bestätigung des Trägers.",
        _ => $"Die Zuweisung ist bereits beendet ({ReferralLabels.Describe(Status)}); eine Beendigung ist nicht mehr möglich.",
    };

    /// <summary>
    /// → <c>Amended</c> with the new figures (a new deadline answers a pending extension request); what changed, in
    /// German, for the history. Only after <see cref="WhyNotAmend"/> said nothing.
    /// </summary>
    internal List<string> Amend(decimal? hoursOrdered, DateOnly? deadline, DateOnly courtDecisionDate, DateTimeOffset now)
    {
        var row = Allowed(ReferralStep.Amend);
        var what = new List<string>();
        if (hoursOrdered is { } hours)
        {
            what.Add($"Stunden {GermanText.Hours(hours)} (bisher {GermanText.Hours(HoursOrdered)})");
            HoursOrdered = hours;
        }

        if (deadline is { } newDeadline)
        {
            what.Add($"Frist {GermanText.Date(newDeadline)} (bisher {GermanText.Date(Deadline)})");
            Deadline = newDeadline;
            if (ExtensionRequestedAt is not null)
            {
                what.Add("der Antrag auf Fristverlängerung ist damit beantwortet");
                ClearExtensionRequest();
            }
        }

        CourtDecisionDate = courtDecisionDate;
        AmendedAt = now;
        Take(row);
        return what;
    }

    /// <summary>→ <c>WithdrawalRequested</c> until the provider acknowledges. Only after <see cref="WhyNotWithdraw"/> said nothing.</summary>
    internal void Withdraw(string reasonCode, DateOnly effectiveDate, DateTimeOffset now)
    {
        var row = Allowed(ReferralStep.Withdraw);
        WithdrawalReasonCode = reasonCode;
        WithdrawalEffectiveDate = effectiveDate;
        WithdrawalRequestedAt = now;
        WithdrawalOutcome = null;
        WithdrawalAcknowledgedAt = null;
        Take(row);
    }

    /// <summary>Why the report to the court cannot be recorded now (German, for staff), or null when it can.</summary>
    public string? WhyNotReportToCourt() => ReferralStateMachine.Find(this, ReferralStep.ReportToCourt) is not null
        ? null
        : $"Ein Bericht an das Gericht wird nach der Erledigung oder nach einer gemeldeten Nichterfüllung erfasst; die Zuweisung ist im {ReferralLabels.Describe(Status)}.";

    /// <summary>
    /// <c>Completed</c> → <c>Closed</c>, or <c>NonComplianceReported</c> → <c>AwaitingCourt</c> (bei Justiz): the Jugendamt
    /// reported to the court or prosecutor.
    /// </summary>
    internal void ReportToCourt(DateOnly reportedOn, DateTimeOffset now)
    {
        var row = Allowed(ReferralStep.ReportToCourt);
        CourtReportedOn = reportedOn;
        CourtReportedAt = now;
        Take(row);
    }

    private ReferralTransition Allowed(ReferralStep step) =>
        ReferralStateMachine.Find(this, step)
        ?? throw new InvalidOperationException($"Step {step} is not allowed in status {Status} for referral {Id}.");
}
