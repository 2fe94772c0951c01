using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Horizont.Operations.Failures;

/// <summary>
/// A message in an error (or skipped) queue, as operations may show it: where it came from, what failed, the
/// referral id and the transport headers. Never the body: it carries the young person's data.
/// </summary>
public sealed record FailedMessage
{
    public required Guid MessageId { get; init; }

    public Guid? ReferralId { get; init; }

    /// <summary>The short type name, e.g. <c>SubmitReferral</c>.</summary>
    public required string MessageType { get; init; }

    /// <summary>The queue the message failed in, where a replay sends it.</summary>
    public required string OriginalQueue { get; init; }

    /// <summary>The queue it waits in now: <c>…_error</c> or <c>…_skipped</c>.</summary>
    public required string ErrorQueue { get; init; }

    /// <summary><c>fault</c> (a consumer threw) or <c>skip</c> (no consumer for it).</summary>
    public required string Reason { get; init; }

    public required string ExceptionType { get; init; }

    public required string ExceptionMessage { get; init; }

    public string? StackTrace { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>How often operations replayed it before (header <c>Horizont-Replay-Count</c>).</summary>
    public int ReplayCount { get; init; }

    /// <summary>Transport headers with personal data removed.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public string GroupId => FailureGroupKey.Of(this);
}

/// <summary>One kind of failure: same queue, message type, exception type and message (ids in it aside).</summary>
public sealed record FailureGroup(
    string Id,
    string Queue,
    string ErrorQueue,
    string MessageType,
    string ExceptionType,
    string Reason,
    int Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<Guid> MessageIds)
{
    public static IReadOnlyList<FailureGroup> Of(IEnumerable<FailedMessage> messages) =>
        messages
            .GroupBy(m => m.GroupId)
            .Select(g =>
            {
                var first = g.First();
                return new FailureGroup(
                    g.Key,
                    first.OriginalQueue,
                    first.ErrorQueue,
                    first.MessageType,
                    first.ExceptionType,
                    FailureGroupKey.Normalize(first.ExceptionMessage),
                    g.Count(),
                    g.Min(m => m.FailedAt),
                    g.Max(m => m.FailedAt),
                    g.Select(m => m.MessageId).Distinct().ToList());
            })
            .OrderByDescending(g => g.LastSeen)
            .ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
}

internal static partial class FailureGroupKey
{
    /// <summary>A stable id: the same failure keeps its group id across scans and restarts.</summary>
    public static string Of(FailedMessage message)
    {
        var key = string.Join('\n', message.ErrorQueue, message.MessageType, message.ExceptionType, Normalize(message.ExceptionMessage));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>Ids in an exception message (a referral's, a message's) would split one failure into a group per message.</summary>
    public static string Normalize(string exceptionMessage) => Guids().Replace(exceptionMessage, "{id}");

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Guids();
}
