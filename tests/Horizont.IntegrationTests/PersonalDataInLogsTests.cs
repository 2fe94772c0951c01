using System.Text;
using Horizont.Hosting.Logging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Operations;
using Horizont.Operations.Failures;
using Horizont.Provider;
using Horizont.Tests.Shared;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Serilog.Core;

namespace Horizont.IntegrationTests;

/// <summary>
/// Issue 14, "Logs": referrals of one young person with names no other text holds walk through their whole life in
/// the all-in-one host (both agencies and operations, in-memory transport), one is declined with a note, and a
/// referral that breaks the contract fails into the error queue; then no log line of any logger at any level, no
/// exception text of the failure and no operations view shows any of the names.
/// </summary>
public sealed class PersonalDataInLogsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly MovableTimeProvider _time = new();
    private readonly CapturedLog _log = new();
    private readonly InMemoryErrorQueue _errorQueue = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_whole_lifecycle_with_a_decline_and_a_failure_leaves_no_name_in_logs_exceptions_or_operations()
    {
        await using var host = await StartAsync();
        await _errorQueue.ConnectAsync(host.Services.GetRequiredService<IBus>());
        var walk = new ReferralWalk(host, _time);
        var today = walk.Today();

        // Completed: every step, a shift note that names the young person.
        var completed = await SubmitAsync(walk, DistinctivePerson.FileReferencePrefix + "1");
        await walk.StepAsync(completed, "accept", null, "Accepted");
        await walk.StepAsync(completed, "intake/schedule", new { date = $"{ReferralWalk.Day(today, 1)}T15:00" }, "IntakeScheduled");
        _time.Jump(TimeSpan.FromDays(2));
        await walk.StepAsync(completed, "intake/held", new { date = ReferralWalk.Day(today, 1) }, "IntakeHeld");
        await walk.StepAsync(completed, "placement", new { category = "SOCIAL", name = "Tierheim Nordhausen", startDate = ReferralWalk.Day(today, 2) }, "Placed");
        _time.Jump(TimeSpan.FromDays(10));
        for (var day = 3; day <= 12; day++)
        {
            await walk.StepAsync(completed, "hours", new { date = ReferralWalk.Day(today, day), hours = 4, note = day == 3 ? "Zephyrine kam mit Brunhilde" : "", correction = false },
                "InProgress");
        }

        await Eventually.TrueAsync(async () => (await walk.LedgerAsync(completed)).GetProperty("hoursCompleted").GetDecimal() == 40m, "the 40 hours in the ledger");
        await walk.StepAsync(completed, "complete", new { completedOn = ReferralWalk.Day(today, 12) }, "Completed");

        // Declined, with a note that names her.
        var declined = await SubmitAsync(walk, DistinctivePerson.FileReferencePrefix + "2");
        await walk.StepAsync(declined, "decline", new { reasonCode = "CONFLICT_OF_INTEREST", note = "Zephyrine Quastenflosser ist die Nichte unserer Leiterin." }, "Declined");

        // Non-compliance, with a recommendation that names her and her guardian.
        var reported = await SubmitAsync(walk, DistinctivePerson.FileReferencePrefix + "3");
        await walk.StepAsync(reported, "accept", null, "Accepted");
        await walk.StepAsync(reported, "intake/schedule", new { date = $"{ReferralWalk.Day(today, 14)}T10:00" }, "IntakeScheduled");
        _time.Jump(TimeSpan.FromDays(3));
        await walk.StepAsync(reported, "intake/missed", new { date = ReferralWalk.Day(today, 14) }, "IntakeMissed");
        await walk.StepAsync(reported, "noncompliance",
            new { reasonCode = "NO_SHOW", remindedOn = new[] { ReferralWalk.Day(today, 15) }, recommendation = "Anhörung von Zephyrine und Brunhilde Quastenflosser empfohlen." },
            "NonComplianceReported");

        // A referral that breaks the contract (an unknown legal basis), carrying the names sealed as a Jugendamt seals them,
        // fails into the error queue.
        var broken = DistinctivePerson.Referral(DistinctivePerson.FileReferencePrefix + "4", legalBasis: "JGG_99");
        var send = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:horizont-ev"));
        await send.Send(host.Services.SealedForWire(broken));
        await Eventually.TrueAsync(() => Task.FromResult(_errorQueue.Deliveries.Count > 0), "the broken referral in the error queue");
        var failed = Assert.Single(_errorQueue.Deliveries);
        Assert.Contains(broken.ReferralId.ToString(), Encoding.UTF8.GetString(failed.Body), StringComparison.Ordinal);

        // The failure's exception texts: the error queue's headers (message, stack trace, type).
        DistinctivePerson.AssertNothingShown("the error queue's headers", failed.Headers.Select(h => $"{h.Key}: {h.Value}"));
        Assert.Contains(failed.Headers, h => h.Key == "MT-Fault-Message" && h.Value.Contains("legalBasis", StringComparison.Ordinal));

        // What operations shows of it: the failures list and the group's detail (messages, exceptions, headers).
        using var ops = host.KeyClient(await host.IssueKeyAsync("betrieb", "horizont-betrieb", HorizontRoles.Operations));
        var list = await ops.GetStringAsync("/ops/api/failures");
        var group = (await _errorQueue.ReadAsync(InMemoryErrorQueue.Queue, CancellationToken.None)).Single(m => m.ReferralId == broken.ReferralId).GroupId;
        var detail = await ops.GetStringAsync($"/ops/api/failures/{group}");
        DistinctivePerson.AssertNothingShown("the operations API", [list, detail]);
        Assert.Contains(broken.ReferralId.ToString(), detail, StringComparison.Ordinal);
        BrokerBodies.Check(failed.Body);

        // Every log event of every logger, from the first line of the start to here.
        await Eventually.TrueAsync(() => Task.FromResult(_log.Lines.Any(l => l.Contains(broken.ReferralId.ToString(), StringComparison.Ordinal))), "the failure in the log");
        DistinctivePerson.AssertNothingShown("the log", _log.Lines);
        Assert.Contains(_log.Lines, line => line.Contains(completed.ToString(), StringComparison.Ordinal));
        foreach (var type in new[] { "SubmitReferral", "ReferralDeclined", "NonComplianceReported" })
        {
            var consuming = _log.Lines.Where(line => line.StartsWith("Information Consuming", StringComparison.Ordinal) && line.Contains($"{type} {{ ReferralId: ", StringComparison.Ordinal)).ToList();
            Assert.True(consuming.Any(line => line.Contains(PersonalData.Placeholder, StringComparison.Ordinal)),
                $"no careless log of a {type} with its personal fields redacted: {string.Join(" | ", consuming)}");
        }
    }

    /// <summary>
    /// Code that logs every message it sees as it is, as text and destructured, and an exception that quotes it: what
    /// redaction at the source must make harmless in every service (the test fails here without it).
    /// </summary>
    private sealed class CarelessLogging(ILogger<CarelessLogging> logger, FieldSealer sealer) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        // After the consumer, the message as it saw it: its sealed personal fields opened (observers see the received one).
        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            var message = sealer.Open(context.Message);
            logger.LogInformation("Consuming {Message} as {@Message}", message, message);
            logger.LogWarning(new InvalidOperationException($"While consuming {message}"), "Consuming {Type} failed for {@Message}", typeof(T).Name, message);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class
        {
            logger.LogError(exception, "Fault of {Message}", context.Message);
            return Task.CompletedTask;
        }
    }

    private async Task<AgencyHost> StartAsync() =>
        await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.Services.AddSingleton<ILogEventSink>(_log),
            b => b.Configuration.AddInMemoryCollection(EveryLevelOfEveryLogger()),
            b => b.Services.AddSingleton<TimeProvider>(_time),
            b => b.Services.AddConsumeObserver<CarelessLogging>(),
            b => b.AddJugendamt(),
            b => b.AddProvider(),
            b => b.AddOperations(),
            b =>
            {
                b.Services.RemoveAll<IErrorQueues>();
                b.Services.AddSingleton<IErrorQueues>(_errorQueue);
            });

    /// <summary>Verbose for every category, also those the defaults quiet down (horizont.defaults.json).</summary>
    private static Dictionary<string, string?> EveryLevelOfEveryLogger() => new()
    {
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose",
        ["Serilog:MinimumLevel:Override:MassTransit"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Quartz"] = "Verbose",
    };

    private static Task<Guid> SubmitAsync(ReferralWalk walk, string fileReference)
    {
        var id = Guid.NewGuid();
        return walk.SubmitAsync(id, Body(id, fileReference));
    }

    private static object Body(Guid id, string fileReference) => Referrals.BodyWith(id, "horizont-ev", fileReference,
        youngPerson: new
        {
            givenName = DistinctivePerson.GivenName,
            familyName = DistinctivePerson.FamilyName,
            dateOfBirth = DistinctivePerson.DateOfBirth,
            phone = DistinctivePerson.Phone,
            email = DistinctivePerson.Email,
            address = DistinctivePerson.Address,
            guardian = new { name = DistinctivePerson.GuardianName, phone = DistinctivePerson.GuardianPhone },
        },
        note: DistinctivePerson.Note,
        caseworker: new { name = DistinctivePerson.CaseworkerName, phone = DistinctivePerson.CaseworkerPhone, email = DistinctivePerson.CaseworkerEmail });
}
