using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Horizont.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProviderPageRoutes = Horizont.Provider.Pages.ProviderPageRoutes;

namespace Horizont.Provider.Tests;

/// <summary>The provider's retention (domain.md: an ended case's personal data is erased 6 months after its end).</summary>
public sealed class CaseRetentionTests
{
    private static readonly DateTimeOffset Start = CaseSteps.Start;

    [Fact]
    public async Task A_case_ended_seven_months_ago_loses_its_personal_data_keeps_its_skeleton_and_leaves_an_audit_row()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await ProviderHost.StartAsync(time);
        var completed = await AddAsync(host, Cases.InState(CaseState.Completed, Start));
        time.SetUtcNow(Start.AddMonths(7));

        Assert.Equal(1, await host.Services.RunRetentionAsync());

        var @case = await LoadAsync(host, completed);
        Assert.Equal(Start.AddMonths(7), @case.ErasedAt);
        Assert.Equal("", @case.YoungPerson.GivenName);
        Assert.Equal("", @case.YoungPerson.FamilyName);
        Assert.Equal(default, @case.YoungPerson.DateOfBirth);
        Assert.Null(@case.YoungPerson.Phone);
        Assert.Null(@case.YoungPerson.GuardianName);
        Assert.Null(@case.YoungPerson.GuardianPhone);
        Assert.Equal("", @case.Caseworker.Name);
        Assert.Null(@case.Caseworker.Phone);
        Assert.Null(@case.Caseworker.Email);
        Assert.Equal("", @case.FileReference);
        Assert.Null(@case.Note);
        Assert.Null(@case.PlacementName);
        // The skeleton for the statistics stays.
        Assert.Equal(CaseState.Completed, @case.State);
        Assert.Equal(40m, @case.HoursOrdered);
        Assert.Equal(40m, @case.HoursCompleted);
        Assert.Equal(LegalBasisCodes.Jgg15, @case.LegalBasis);
        Assert.Equal(PlacementCategoryCodes.Social, @case.PlacementCategory);
        Assert.Equal(40m, @case.HourEntries.Sum(h => h.Hours));
        Assert.Contains(@case.History, h => h.Kind == CaseHistoryKinds.Erased);
        AssertNoPersonalData(@case);

        var row = Assert.Single(await host.AuditAsync(completed));
        Assert.Equal(("case.erase", ErasureAudit.RetentionActor, "system", Referrals.Provider, ErasureAudit.Retention),
            (row.Action, row.Actor, row.ActorKind, row.AgencyId, row.Subject));
        Assert.DoesNotContain(Referrals.FamilyName, System.Text.Json.JsonSerializer.Serialize(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erased_case_still_opens_on_the_staff_pages_and_says_gelöscht_instead_of_the_person()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var id = await AddAsync(host, Cases.InState(CaseState.Completed, Start));
        time.SetUtcNow(Start.AddMonths(7));
        await host.Services.RunRetentionAsync();
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fall");

        var list = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Cases + "?status=Completed");
        var file = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));

        Assert.Contains($"href=\"{ProviderPageRoutes.Case(id)}\">gelöscht</a>", list.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>Fall gelöscht</h1>", file.Html, StringComparison.Ordinal);
        Assert.Contains("<dt>Geburtsdatum</dt><dd>gelöscht</dd>", file.Html, StringComparison.Ordinal);
        Assert.Contains("Personenbezogene Daten gelöscht", file.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Referrals.FamilyName, file.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_ended_five_months_ago_and_a_running_case_keep_their_data()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await ProviderHost.StartAsync(time);
        var running = await AddAsync(host, Cases.InState(CaseState.InProgress, Start));
        var declined = await AddAsync(host, Cases.InState(CaseState.Declined, Start.AddMonths(2)));
        var withdrawn = await AddAsync(host, Cases.InState(CaseState.Withdrawn, Start.AddMonths(2)));
        time.SetUtcNow(Start.AddMonths(7));

        Assert.Equal(0, await host.Services.RunRetentionAsync());

        foreach (var id in new[] { running, declined, withdrawn })
        {
            var @case = await LoadAsync(host, id);
            Assert.Null(@case.ErasedAt);
            Assert.Equal(Referrals.FamilyName, @case.YoungPerson.FamilyName);
            Assert.Empty(await host.AuditAsync(id));
        }
    }

    [Fact]
    public async Task The_retention_period_is_a_setting_of_the_provider()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await ProviderHost.StartAsync(time, new Dictionary<string, string?> { ["Provider:CaseRetention"] = "30.00:00:00" });
        var withdrawn = await AddAsync(host, Cases.InState(CaseState.Withdrawn, Start));
        time.SetUtcNow(Start.AddDays(31));

        Assert.Equal(1, await host.Services.RunRetentionAsync());
        Assert.Equal("", (await LoadAsync(host, withdrawn)).YoungPerson.FamilyName);
    }

    [Fact]
    public async Task Two_instances_erasing_the_same_cases_at_once_erase_each_once_without_failing()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await ProviderHost.StartAsync(time);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add(await AddAsync(host, Cases.InState(CaseState.Declined, Start)));
        time.SetUtcNow(Start.AddMonths(7));

        var runs = await Task.WhenAll(host.Services.RunRetentionAsync(), host.Services.RunRetentionAsync());

        Assert.Equal(5, runs.Sum());
        foreach (var id in ids)
        {
            Assert.Equal("", (await LoadAsync(host, id)).YoungPerson.FamilyName);
            Assert.Single(await host.AuditAsync(id), a => a.Action == "case.erase");
        }

        Assert.Equal(0, await host.Services.RunRetentionAsync());
    }

    [Fact]
    public void A_running_case_cannot_be_erased()
    {
        foreach (var state in Enum.GetValues<CaseState>().Where(s => !Case.EndedStates.Contains(s) && s != CaseState.Closed))
        {
            var @case = Cases.InState(state, Start);
            Assert.NotNull(@case.WhyNotErase());
            Assert.Throws<InvalidOperationException>(() => @case.Erase(Start, "x", "y"));
            Assert.Equal(Referrals.FamilyName, @case.YoungPerson.FamilyName);
        }
    }

    internal static void AssertNoPersonalData(Case @case)
    {
        var stored = System.Text.Json.JsonSerializer.Serialize(new { @case.YoungPerson, @case.Caseworker, @case.FileReference, @case.Note, History = @case.History.Select(h => h.Detail), Hours = @case.HourEntries.Select(h => h.Note) });
        foreach (var value in new[] { Referrals.GivenName, Referrals.FamilyName, Referrals.Phone, "Ortrud", "Sachbearbeiterin", "jgh@example.org", "JGH-2026-0815", "Schule bis 15 Uhr", Cases.PlacementName, "2009-04-17" })
            Assert.DoesNotContain(value, stored, StringComparison.Ordinal);
    }

    internal static async Task<Guid> AddAsync(ProviderHost host, Case @case)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return @case.ReferralId;
    }

    internal static async Task<Case> LoadAsync(ProviderHost host, Guid referralId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseDbContext>().Cases.AsNoTracking()
            .Include(c => c.History).Include(c => c.HourEntries).SingleAsync(c => c.ReferralId == referralId);
    }
}
