using System.Diagnostics;
using System.Globalization;
using System.Text;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Benchmarks;

/// <summary>One CSV run: from the file appearing in the intake folder until the ledger held all rows, and until all were cases.</summary>
internal sealed record CsvRun(int Rows, TimeSpan AllInLedger, TimeSpan AllCases, int CasesSeen)
{
    public bool Complete => CasesSeen >= Rows;

    /// <summary>Rows handed over per second, file to case store.</summary>
    public double Rate => CasesSeen / AllCases.TotalSeconds;
}

/// <summary>
/// A case system's daily export: one CSV file of N referrals (the documented columns, docs/intake.md), written beside the
/// Jugendamt's intake folder and moved in at once, and the time until all N are cases in the provider's store: the
/// folder's poll and settle time, reading and checking every row, the ledger (a commit per batch of rows), outbox,
/// broker and the provider's inbox and case store.
/// </summary>
internal static class CsvHandover
{
    /// <summary>Polled and settled quickly, so the figure is the path's, not the folder's patience (defaults: 2 s each).</summary>
    public static readonly IReadOnlyDictionary<string, string?> FolderSettings = new Dictionary<string, string?>
    {
        ["Jugendamt:IntakePollInterval"] = "00:00:00.200",
        ["Jugendamt:IntakeSettleTime"] = "00:00:00.200",
        ["Jugendamt:MaxIntakeFileBytes"] = (64L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
    };

    private static readonly string[] Header =
    [
        "referralId", "jugendamtId", "providerId", "fileReference", "legalBasis", "hoursOrdered", "deadline", "consequencesExplained",
        "givenName", "familyName", "dateOfBirth", "phone", "email", "address", "guardianName", "guardianPhone",
        "workConstraints", "note", "caseworkerName", "caseworkerPhone", "caseworkerEmail",
    ];

    public static async Task<CsvRun> RunAsync(AgencyPair pair, int rows, string fileReferencePrefix)
    {
        var casesBefore = await pair.CaseCountAsync();
        var ledgerBefore = await LedgerCountAsync(pair);
        var staged = await StageAsync(pair, rows, fileReferencePrefix);

        var clock = Stopwatch.StartNew();
        MoveIn(pair, staged);
        var patience = TimeSpan.FromSeconds(Math.Max(60, rows / 10));
        var inLedger = TimeSpan.Zero;
        int seen;
        while ((seen = await pair.CaseCountAsync() - casesBefore) < rows && clock.Elapsed < patience)
        {
            if (inLedger == TimeSpan.Zero && await LedgerCountAsync(pair) - ledgerBefore >= rows)
                inLedger = clock.Elapsed;
            await Task.Delay(50);
        }

        var allCases = clock.Elapsed;
        return new CsvRun(rows, inLedger == TimeSpan.Zero ? allCases : inLedger, allCases, seen);
    }

    /// <summary>Writes the file of <paramref name="rows"/> referrals beside the Jugendamt's intake folder; returns its path.</summary>
    public static async Task<string> StageAsync(AgencyPair pair, int rows, string fileReferencePrefix)
    {
        var inbox = pair.Jugendamt.Service<JugendamtFolders>().Inbox;
        var staged = Path.Combine(Path.GetDirectoryName(inbox)!, $"{fileReferencePrefix}.csv");
        await File.WriteAllTextAsync(staged, Csv(rows, fileReferencePrefix), new UTF8Encoding(false));
        return staged;
    }

    /// <summary>Moves a staged file into the intake folder at once, as a case system's export would.</summary>
    public static void MoveIn(AgencyPair pair, string staged) =>
        File.Move(staged, Path.Combine(pair.Jugendamt.Service<JugendamtFolders>().Inbox, Path.GetFileName(staged)));

    public static Task<int> LedgerCountAsync(AgencyPair pair) =>
        pair.Jugendamt.QueryAsync<LedgerDbContext, int>(db => db.Referrals.CountAsync());

    private static string Csv(int rows, string fileReferencePrefix)
    {
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(70)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder(string.Join(';', Header)).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            string[] cells =
            [
                Guid.NewGuid().ToString(), AgencyPair.JugendamtId, AgencyPair.ProviderId, FormattableString.Invariant($"{fileReferencePrefix}-{i:D6}"),
                "JGG_15", "30", deadline, "ja", "Mia", "Beispiel", "14.03.2006", "+49 3631 123456", "mia@example.org",
                "Musterweg 1, 99734 Nordhausen", "", "", "SCHOOL_HOURS", "Dienstags nicht.", "Petra Sachbearbeiterin", "+49 3631 911000", "jgh@example.org",
            ];
            text.AppendJoin(';', cells).Append('\n');
        }

        return text.ToString();
    }
}
