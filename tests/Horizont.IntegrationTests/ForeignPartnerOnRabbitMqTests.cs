using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using RabbitMQ.Client;

namespace Horizont.IntegrationTests;

/// <summary>
/// A provider that is not Horizont: <c>tests/partner-python/partner.py</c>, written from docs/contracts.md alone, takes the
/// Jugendamt's referral out of its queue on the real broker, opens the sealed personal fields with the pair's key and
/// answers with a decline whose note (naming the young person) it seals in turn; the Jugendamt opens it. On the way the
/// broker held no personal field in clear.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ForeignPartnerOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev") : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [BrokerFact]
    public async Task A_partner_written_in_python_from_the_contract_opens_the_referral_and_its_sealed_answer_opens_at_the_jugendamt()
    {
        Assert.True(PythonPartner.UnavailableReason is null, PythonPartner.UnavailableReason);
        await using var jugendamt = await AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), Broker.TransportSettings(), b => b.AddJugendamt());
        var referralId = Guid.NewGuid();

        using (var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", "JGH-2026-0900")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await Eventually.GetAsync(() => TakeAsync("horizont-ev"), "the referral in the provider's queue")).ToArray();

        // What the broker (and anyone reading the queue) saw: the referral, but none of its personal fields.
        var onTheWire = Encoding.UTF8.GetString(body);
        Assert.Contains(referralId.ToString(), onTheWire, StringComparison.Ordinal);
        foreach (var personal in new[] { "Testfall", "Mustermann", "2004-03-14", "0170 0000000", "Frau Beispiel", "nur nachmittags", "jgh@example.org", "JGH-2026-0900" })
            Assert.DoesNotContain(personal, onTheWire, StringComparison.Ordinal);

        // The provider's key folder: the same key the Jugendamt has from its configuration.
        var keys = Directory.CreateDirectory(_temp.Sub("python-keys")).FullName;
        await File.WriteAllTextAsync(Path.Combine(keys, $"horizont-ev+ja-nordhausen.{Broker.SealingKeyId}.key"), Broker.SealingKeys[0]);
        var answer = await PythonPartner.AnswerAsync(body, keys, DateTimeOffset.UtcNow);
        Assert.DoesNotContain("Testfall", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        await PublishAsync("ja-nordhausen", answer);

        var referral = await Eventually.GetAsync(async () =>
            await jugendamt.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}") is { } r && r.GetProperty("status").GetString() == "Declined" ? r : (System.Text.Json.JsonElement?)null,
            "the decline in the ledger");
        Assert.Equal("Testfall Mustermann (geb. 2004-03-14) können wir erst im Frühjahr nehmen.", referral.GetProperty("declineNote").GetString());
        Assert.Equal(0u, await Broker.MessageCountOrZeroAsync("ja-nordhausen_error"));
    }

    private static async Task<ReadOnlyMemory<byte>?> TakeAsync(string queue)
    {
        await using var connection = await Broker.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var got = await channel.BasicGetAsync(queue, autoAck: true);
        return got is null ? (ReadOnlyMemory<byte>?)null : got.Body.ToArray();
    }

    /// <summary>Publishes as the provider's broker user (here the one test user, every agency's: see <see cref="Broker.TransportSettings"/>).</summary>
    private static async Task PublishAsync(string exchange, byte[] body)
    {
        await using var connection = await Broker.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.masstransit+json",
            MessageId = Guid.NewGuid().ToString(),
            UserId = Broker.User,
            DeliveryMode = DeliveryModes.Persistent,
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, body);
    }
}

/// <summary>Runs <c>tests/partner-python/partner.py</c> (Python 3 with the cryptography package; <c>.ci/run</c> installs both).</summary>
internal static class PythonPartner
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public static string? UnavailableReason => Unavailable.Value;

    public static string Script => Path.Combine(AppContext.BaseDirectory, "partner-python", "partner.py");

    public static async Task<byte[]> AnswerAsync(byte[] referral, string keyFolder, DateTimeOffset sentAt)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Script, "--keys", keyFolder, "--sent-at", sentAt.ToString("O") })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await process.StandardInput.BaseStream.WriteAsync(referral);
        process.StandardInput.Close();
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        Assert.True(process.ExitCode == 0, $"partner.py exited with {process.ExitCode}: {await errors}");
        return output.ToArray();
    }

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", ["-c", "import cryptography.hazmat.primitives.ciphers.aead"]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "python3 has no 'cryptography' package (Debian: apt-get install python3-cryptography)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "python3 is not installed";
        }
    }
}
