using Horizont.Hosting.Data;
using Horizont.Hosting.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// The two questions the receive pipeline asks the store about every message (was it handled before; which agency is
/// on the other side of its referral), asked once for all the messages an endpoint consumes at the same moment
/// (<see cref="CoalescedReads{TKey,TValue}"/>). One per endpoint's store, shared by its consumers: a consumer that asks
/// the same question about its referral joins the same groups.
/// </summary>
public sealed class InboxReads<TDbContext>
    where TDbContext : DbContext
{
    /// <summary>The most keys one query asks for: well above an endpoint's concurrent messages, well below a statement's parameter limits.</summary>
    public const int MaxGroup = 100;

    private readonly CoalescedReads<(Guid MessageId, string Consumer), bool> _handled;
    private readonly CoalescedReads<Guid, string> _counterparts;

    public InboxReads(AgencyInbox<TDbContext> inbox, IServiceScopeFactory scopes)
    {
        _handled = new((keys, ct) => ReadAsync(scopes, db => HandledAsync(db, keys, ct)), MaxGroup);
        _counterparts = new((referralIds, ct) => ReadAsync(scopes, async db => (IReadOnlyDictionary<Guid, string>)await inbox.CounterpartsOf(db, referralIds, ct)), MaxGroup);
    }

    /// <summary>Questions of either kind waiting for the group being read.</summary>
    internal int Waiting => _handled.Waiting + _counterparts.Waiting;

    /// <summary>Whether <paramref name="consumer"/> has handled the message before (its inbox row is committed).</summary>
    public Task<bool> WasHandledAsync(Guid messageId, string consumer, CancellationToken cancellationToken) =>
        _handled.ReadAsync((messageId, consumer), cancellationToken);

    /// <summary>The agency on the other side of a referral the store knows, or null (<see cref="AgencyInbox{TDbContext}.CounterpartsOf"/>).</summary>
    public Task<string?> CounterpartOfAsync(Guid referralId, CancellationToken cancellationToken) =>
        _counterparts.ReadAsync(referralId, cancellationToken);

    private static async Task<IReadOnlyDictionary<(Guid MessageId, string Consumer), bool>> HandledAsync(
        TDbContext db, IReadOnlyCollection<(Guid MessageId, string Consumer)> keys, CancellationToken cancellationToken)
    {
        var messageIds = keys.Select(k => k.MessageId).Distinct().ToList();
        var handled = await db.Set<InboxMessage>()
            .Where(m => messageIds.Contains(m.MessageId))
            .Select(m => new { m.MessageId, m.Consumer })
            .ToListAsync(cancellationToken);
        return handled.ToDictionary(m => (m.MessageId, m.Consumer), _ => true);
    }

    // Each group in a scope of its own: the askers' contexts belong to their units of work and are not thread-safe.
    private static async Task<IReadOnlyDictionary<TKey, TValue>> ReadAsync<TKey, TValue>(
        IServiceScopeFactory scopes, Func<TDbContext, Task<IReadOnlyDictionary<TKey, TValue>>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }
}
