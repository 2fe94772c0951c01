using System.Globalization;
using System.Text;
using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;

namespace Horizont.Jugendamt.Reports;

/// <summary>Who the report goes to: the court for a court's order, the public prosecutor for a diversion by the prosecutor.</summary>
public static class CourtReportAddressees
{
    public const string Court = "Amtsgericht – Jugendrichterin/Jugendrichter";
    public const string Prosecutor = "Staatsanwaltschaft – Jugendabteilung";

    public static IReadOnlyList<string> All { get; } = [Court, Prosecutor];

    /// <summary>The usual addressee of an order of <paramref name="legalBasis"/>: the prosecutor for § 45 JGG, else the court.</summary>
    public static string For(string legalBasis) => legalBasis == LegalBasisCodes.Jgg45 ? Prosecutor : Court;
}

/// <summary>What a draft report says, and about whom.</summary>
public sealed record CourtReportFacts(
    Referral Referral,
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    string JugendamtName,
    string ProviderName,
    string Author);

/// <summary>
/// The draft of the Jugendamt's report to the court or the public prosecutor, from the ledger alone: the order, the
/// course (acceptance, intake meeting, placement category, hours), the outcome (completion, or non-compliance with its
/// reason, the days the young person was reminded and the provider's recommendation). Caseworkers edit it before it
/// is printed or sent; nothing here is sent anywhere.
/// </summary>
public static class CourtReportDraft
{
    /// <summary>Why there is no report yet (German), or null when the referral's outcome can be reported.</summary>
    public static string? WhyNot(Referral referral) => referral.Status switch
    {
        ReferralStatus.Completed or ReferralStatus.Closed when referral.CompletedOn is not null => null,
        ReferralStatus.NonComplianceReported or ReferralStatus.AwaitingCourt when referral.NonComplianceReportedAt is not null => null,
        _ => $"Ein Bericht an das Gericht wird entworfen, sobald der Träger die Erledigung oder die Nichterfüllung gemeldet hat; "
            + $"die Zuweisung ist im {ReferralLabels.Describe(referral.Status)}.",
    };

    /// <summary>Whether the report is about a completion (else about a non-compliance).</summary>
    public static bool IsCompletion(Referral referral) => referral.CompletedOn is not null;

    /// <summary>The report's title.</summary>
    public static string Title(Referral referral) =>
        IsCompletion(referral) ? "Bericht über die Erledigung der Arbeitsstunden" : "Bericht über die Nichterfüllung der Arbeitsstunden";

    /// <summary>The draft text, German, dated <paramref name="today"/>. Only when <see cref="WhyNot"/> is null.</summary>
    public static string Write(CourtReportFacts facts, string addressee, DateOnly today)
    {
        var r = facts.Referral;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{facts.JugendamtName} – Jugendhilfe im Strafverfahren");
        text.AppendLine(CultureInfo.InvariantCulture, $"Datum: {GermanText.Date(today)}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"An: {addressee}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Aktenzeichen: {r.FileReference}");
        text.AppendLine();
        text.AppendLine(Title(r));
        text.AppendLine(CultureInfo.InvariantCulture, $"Betrifft: {facts.GivenName} {facts.FamilyName}, geboren am {GermanText.Date(facts.DateOfBirth)}");
        text.AppendLine();
        text.AppendLine("Sehr geehrte Damen und Herren,");
        text.AppendLine();

        var order = $"mit {CodeLabels.LegalBasis(r.LegalBasis)} wurden {Hours(r.HoursOrdered)} Arbeitsstunden angeordnet, abzuleisten bis zum {GermanText.Date(r.Deadline)}.";
        if (r.CourtDecisionDate is { } decided)
            order += $" Stundenzahl und Frist gelten in der Fassung der Entscheidung vom {GermanText.Date(decided)}.";
        text.AppendLine(order);
        text.AppendLine();

        var course = new List<string>
        {
            $"Die Jugendhilfe im Strafverfahren hat die Ableistung am {GermanText.Date(HorizontTime.DayOf(r.SubmittedAt))} an den Träger {facts.ProviderName} vermittelt.",
        };
        if (r.AnsweredAt is { } answered && r.DeclineReasonCode is null)
            course.Add($"Der Träger hat die Zuweisung am {GermanText.Date(HorizontTime.DayOf(answered))} angenommen.");
        course.Add(r.IntakeOutcome switch
        {
            IntakeOutcomeCodes.Held when r.IntakeMeetingDate is { } held => $"Das Erstgespräch beim Träger fand am {GermanText.Date(held)} statt.",
            IntakeOutcomeCodes.Missed when r.IntakeMeetingDate is { } missed => $"Zum Erstgespräch am {GermanText.Date(missed)} ist die/der Jugendliche nicht erschienen.",
            _ when r.IntakeMeetingDate is { } day => $"Das Erstgespräch war für den {GermanText.Date(day)} vorgesehen.",
            _ => "Ein Erstgespräch ist nicht dokumentiert.",
        });
        if (r.PlacementCategory is { } category)
        {
            course.Add($"Die Arbeitsstunden wurden im Bereich „{CodeLabels.PlacementCategory(category)}“"
                + (r.PlacementStartDate is { } start ? $" ab dem {GermanText.Date(start)}" : "") + " abgeleistet.");
        }

        text.AppendLine(string.Join(" ", course));
        text.AppendLine();

        if (IsCompletion(r))
        {
            var lastShift = r.LastShiftDate is { } last ? $" (letzter Einsatz am {GermanText.Date(last)})." : ".";
            text.AppendLine(CultureInfo.InvariantCulture, $"Der Träger hat am {GermanText.Date(r.CompletedOn!.Value)} gemeldet, dass die/der Jugendliche alle {Hours(r.HoursCompleted)} Stunden abgeleistet hat{lastShift}");
            text.AppendLine();
            text.AppendLine("Die Weisung bzw. Auflage ist damit erfüllt. Wir bitten um Kenntnisnahme.");
        }
        else
        {
            var reason = r.NonComplianceReasonCode is { } code ? $" (Grund: {CodeLabels.NonComplianceReason(code)})." : ".";
            text.AppendLine(CultureInfo.InvariantCulture, $"Der Träger hat am {GermanText.Date(HorizontTime.DayOf(r.NonComplianceReportedAt!.Value))} gemeldet, dass die Arbeitsstunden nicht erfüllt werden{reason}");
            text.AppendLine(CultureInfo.InvariantCulture, $"Bis dahin wurden {Hours(r.HoursCompleted)} von {Hours(r.HoursOrdered)} Stunden abgeleistet.");
            if (r.NonComplianceRemindedOn.Count > 0)
                text.AppendLine(CultureInfo.InvariantCulture, $"Die/der Jugendliche wurde am {string.Join(", ", r.NonComplianceRemindedOn.Order().Select(GermanText.Date))} an die Ableistung erinnert.");
            if (!string.IsNullOrWhiteSpace(r.NonComplianceRecommendation))
                text.AppendLine(CultureInfo.InvariantCulture, $"Empfehlung des Trägers: {r.NonComplianceRecommendation.Trim()}");
            text.AppendLine();
            text.AppendLine("Wir bitten um Kenntnisnahme und um Mitteilung der weiteren Entscheidung.");
        }

        text.AppendLine();
        text.AppendLine("Mit freundlichen Grüßen");
        text.AppendLine();
        text.AppendLine(facts.Author);
        text.AppendLine("Jugendhilfe im Strafverfahren");
        return text.ToString();
    }

    private static string Hours(decimal hours) => GermanText.Hours(hours);
}
