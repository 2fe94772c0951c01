using System.Text.Json;
using Horizont.Messages;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Endpoints;

/// <summary>
/// How the ledger is read for the caseworkers, once for the JSON API and the staff pages: which status names count,
/// the order of the list, a referral's detail with its history, and the last message of each listed referral.
/// </summary>
public static class ReferralLedgerQuery
{
    /// <summary>A status by its wire name (any case); digits are refused, so "3" is not a status.</summary>
    public static bool TryParseStatus(string? text, out ReferralStatus status)
    {
        status = default;
        return !string.IsNullOrWhiteSpace(text)
            && !char.IsAsciiDigit(text.Trim()[0])
            && Enum.TryParse(text.Trim(), ignoreCase: true, out status)
            && Enum.IsDefined(status);
    }

    /// <summary>
    /// The referrals of <paramref name="status"/>, of <paramref name="providerId"/> and whose file reference contains
    /// <paramref name="fileReference"/> (each when given), newest first.
    /// </summary>
    public static IQueryable<Referral> List(
        LedgerDbContext db, ReferralStatus? status, string? providerId = null, string? fileReference = null)
    {
        var query = db.Referrals.AsNoTracking();
        if (status is { } wanted)
            query = query.Where(r => r.Status == wanted);
        if (!string.IsNullOrWhiteSpace(providerId))
        {
            var provider = providerId.Trim();
            query = query.Where(r => r.ProviderId == provider);
        }

        if (!string.IsNullOrWhiteSpace(fileReference))
        {
            var part = fileReference.Trim();
            query = query.Where(r => r.FileReference.Contains(part));
        }

        return query.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.Id);
    }

    /// <summary>The referral's detail with its history (oldest first), or null when the ledger has no such referral.</summary>
    public static async Task<ReferralDetail?> DetailAsync(LedgerDbContext db, Guid referralId, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
            return null;

        var history = await db.History.AsNoTracking()
            .Where(h => h.ReferralId == referralId)
            .OrderBy(h => h.Id)
            .Select(h => new ReferralHistoryItem(h.Time, h.Kind, h.Actor, h.Detail, h.MessageId))
            .ToListAsync(cancellationToken);
        return ReferralDetail.From(referral, history);
    }

    /// <summary>The last message sent or received for each of <paramref name="referralIds"/> that has one.</summary>
    public static async Task<Dictionary<Guid, ReferralHistoryItem>> LastMessagesAsync(
        LedgerDbContext db, IReadOnlyCollection<Guid> referralIds, CancellationToken cancellationToken)
    {
        if (referralIds.Count == 0)
            return [];
        var ids = referralIds.ToList();
        var last = db.History
            .Where(h => ids.Contains(h.ReferralId) && h.MessageId != null)
            .GroupBy(h => h.ReferralId)
            .Select(g => g.Max(h => h.Id));
        var rows = await db.History.AsNoTracking()
            .Where(h => last.Contains(h.Id))
            .Select(h => new { h.ReferralId, Item = new ReferralHistoryItem(h.Time, h.Kind, h.Actor, h.Detail, h.MessageId) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ReferralId, r => r.Item);
    }

    /// <summary>
    /// The young person as handed over (from the stored <c>SubmitReferral</c>), or null for an unknown or erased referral. Only for a
    /// caseworker's page that audits the read; the API's detail leaves the person out.
    /// </summary>
    public static async Task<YoungPerson?> YoungPersonAsync(LedgerDbContext db, Guid referralId, CancellationToken cancellationToken)
    {
        var payload = await db.Referrals.AsNoTracking().Where(r => r.Id == referralId).Select(r => r.Payload).FirstOrDefaultAsync(cancellationToken);
        // An erased referral keeps no payload (Referral.Erase).
        return string.IsNullOrEmpty(payload) ? null : JsonSerializer.Deserialize<SubmitReferral>(payload, PayloadJson)?.YoungPerson;
    }

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
}
