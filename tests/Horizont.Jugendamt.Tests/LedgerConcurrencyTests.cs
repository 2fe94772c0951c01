using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Jugendamt.Tests;

/// <summary>The referral's version keeps two writers (an amendment and a provider's event, say) from both acting on the same state.</summary>
public sealed class LedgerConcurrencyTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Of_two_writers_that_read_the_same_state_the_second_save_fails_and_the_first_one_stands()
    {
        var id = await _host.SubmitReferralAsync();
        await using var first = _host.App.Services.CreateAsyncScope();
        await using var second = _host.App.Services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var seenByFirst = await firstDb.Referrals.SingleAsync(r => r.Id == id);
        var seenBySecond = await secondDb.Referrals.SingleAsync(r => r.Id == id);

        seenByFirst.Status = ReferralStatus.WithdrawalRequested;
        await firstDb.SaveChangesAsync();
        seenBySecond.Status = ReferralStatus.Accepted;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDb.SaveChangesAsync());
        var stored = (await _host.ReferralAsync(id))!;
        Assert.Equal(ReferralStatus.WithdrawalRequested, stored.Status);
        Assert.Equal(1, stored.Version);
    }
}
