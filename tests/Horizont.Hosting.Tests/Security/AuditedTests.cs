using System.Net;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// <c>.Audited(…)</c>: every successful answer leaves a row before it leaves the process; a refused or missing one
/// leaves none; without a row there is no answer. The table only grows.
/// </summary>
public sealed class AuditedTests : IAsyncLifetime
{
    private static readonly IPAddress Remote = IPAddress.Parse("10.20.30.40");
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_successful_read_writes_who_what_which_referral_from_where_and_the_status()
    {
        var key = await _host.KeyAsync("m.mueller", HorizontRoles.ProviderCasework);
        var referralId = Guid.NewGuid();

        var context = await _host.SendAsync("GET", TestRoutes.Referral(referralId), key, Remote);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var row = Assert.Single(await _host.AuditAsync());
        Assert.Equal("m.mueller", row.Actor);
        Assert.Equal(HorizontClaims.KindKey, row.ActorKind);
        Assert.Equal(SecurityHost.Agency, row.AgencyId);
        Assert.Equal("case.read", row.Action);
        Assert.Equal(referralId, row.ReferralId);
        Assert.Equal("1 Fall", row.Subject);
        Assert.Equal("10.20.30.40", row.Remote);
        Assert.Equal(200, row.Status);
    }

    [Fact]
    public async Task A_submission_without_the_referral_in_its_route_takes_the_referral_from_the_result()
    {
        using var client = await _host.ClientWithRoleAsync("ja.fallsystem", HorizontRoles.JugendamtCasework, "ja-nordhausen");

        using var response = await client.PostAsync(TestRoutes.Submission, null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = Assert.Single(await _host.AuditAsync());
        Assert.Equal("referral.submit", row.Action);
        Assert.Equal(TestRoutes.SubmittedReferral, row.ReferralId);
        Assert.Equal(202, row.Status);
        Assert.Equal("ja-nordhausen", row.AgencyId);
    }

    [Fact]
    public async Task An_answer_of_4xx_writes_no_row()
    {
        using var client = await _host.ClientWithRoleAsync("m.mueller", HorizontRoles.ProviderCasework);

        using var response = await client.GetAsync(TestRoutes.MissingReferral(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await _host.AuditAsync());
    }

    [Fact]
    public async Task A_refused_caller_writes_no_row()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.Referral(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.AuditAsync());
    }

    [Fact]
    public async Task When_the_row_cannot_be_written_the_caller_gets_an_error_and_no_data()
    {
        using var client = await _host.ClientWithRoleAsync("m.mueller", HorizontRoles.ProviderCasework);
        await _host.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER AuditEntries_Down BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit store down'); END;"));

        using var response = await client.GetAsync(TestRoutes.Referral(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("Mustermann", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The error answer is an answer like any other: the security headers are on it too.
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.Contains("Content-Security-Policy"), "the error answer has no Content-Security-Policy");
    }

    [Fact]
    public async Task The_sqlite_audit_table_refuses_update_and_delete()
    {
        using var client = await _host.ClientWithRoleAsync("m.mueller", HorizontRoles.ProviderCasework);
        await client.GetAsync(TestRoutes.Referral(Guid.NewGuid()));
        Assert.Single(await _host.AuditAsync());

        var update = await Assert.ThrowsAsync<SqliteException>(() => _host.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Actor = 'jemand'")));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => _host.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries")));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal("m.mueller", Assert.Single(await _host.AuditAsync()).Actor);
    }
}
