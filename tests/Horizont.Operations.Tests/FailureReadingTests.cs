using System.Text;
using Horizont.Operations.Failures;
using RabbitMQ.Client;

namespace Horizont.Operations.Tests;

/// <summary>How a delivery from an error queue becomes what operations shows: metadata, grouped, without personal data.</summary>
public sealed class FailureReadingTests
{
    private static readonly HashSet<string> Agencies = ["ja-nordhausen", "horizont-ev"];

    private const string Body = """
        {
          "messageId": "8a1c0000-1111-2222-3333-444455556666",
          "messageType": ["urn:message:Horizont.Messages:SubmitReferral"],
          "message": {
            "referralId": "3f2a7c1e-0000-4000-8000-000000000001",
            "jugendamtId": "ja-nordhausen",
            "providerId": "horizont-ev",
            "legalBasis": "JGG_10",
            "youngPerson": { "givenName": "Max", "familyName": "Mustermann", "dateOfBirth": "2004-03-14" },
            "note": "nur nachmittags"
          }
        }
        """;

    [Fact]
    public void A_fault_is_read_from_its_headers_with_the_queue_type_referral_and_time()
    {
        var message = Read("horizont-ev_error", new Dictionary<string, object?>
        {
            ["MT-Reason"] = Bytes("fault"),
            ["MT-Fault-ExceptionType"] = Bytes("System.InvalidOperationException"),
            ["MT-Fault-Message"] = Bytes("Datenbank antwortet nicht"),
            ["MT-Fault-InputAddress"] = Bytes("rabbitmq://127.0.0.1/horizont-tests/horizont-ev?bind=false"),
            ["MT-Fault-MessageType"] = Bytes("urn:message:Horizont.Messages:SubmitReferral"),
            ["MT-Fault-Timestamp"] = Bytes("2026-11-25T07:30:00.0000000Z"),
            ["MT-Fault-StackTrace"] = Bytes("   at Horizont.Provider.Consumers.SubmitReferralConsumer.Consume()"),
            ["Horizont-ReferralId"] = Bytes("3f2a7c1e-0000-4000-8000-000000000001"),
            ["Horizont-Replay-Count"] = 2,
        });

        Assert.Equal(Guid.Parse("8a1c0000-1111-2222-3333-444455556666"), message.MessageId);
        Assert.Equal(Guid.Parse("3f2a7c1e-0000-4000-8000-000000000001"), message.ReferralId);
        Assert.Equal("SubmitReferral", message.MessageType);
        Assert.Equal("horizont-ev", message.OriginalQueue);
        Assert.Equal("fault", message.Reason);
        Assert.Equal("System.InvalidOperationException", message.ExceptionType);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 30, 0, TimeSpan.Zero), message.FailedAt);
        Assert.Equal(2, message.ReplayCount);
        Assert.StartsWith("   at Horizont.Provider", message.StackTrace, StringComparison.Ordinal);
        Assert.False(message.Headers.ContainsKey("MT-Fault-StackTrace"));
        Assert.Equal("Datenbank antwortet nicht", message.Headers["MT-Fault-Message"]);
    }

    [Fact]
    public void Without_fault_headers_the_envelope_and_the_queue_name_tell_type_referral_and_origin()
    {
        var message = Read("horizont-ev_skipped", new Dictionary<string, object?>());

        Assert.Equal("SubmitReferral", message.MessageType);
        Assert.Equal(Guid.Parse("3f2a7c1e-0000-4000-8000-000000000001"), message.ReferralId);
        Assert.Equal("horizont-ev", message.OriginalQueue);
        Assert.Equal("skip", message.Reason);
        Assert.Equal("Skipped", message.ExceptionType);
    }

    [Fact]
    public void Values_of_the_body_are_removed_from_exception_texts_and_headers_but_ids_agencies_and_codes_stay()
    {
        var message = Read("horizont-ev_error", new Dictionary<string, object?>
        {
            ["MT-Fault-Message"] = Bytes("Fall von Max Mustermann (geb. 14.03.2004, 2004-03-14) für horizont-ev mit JGG_10 und 3f2a7c1e-0000-4000-8000-000000000001: nur nachmittags"),
            ["MT-Fault-StackTrace"] = Bytes("at Horizont.Provider.Data.Case.MaxLength(Mustermann)"),
            ["X-Custom"] = Bytes("Mustermann"),
        });

        Assert.Equal(
            "Fall von [entfernt] [entfernt] (geb. [entfernt], [entfernt]) für horizont-ev mit JGG_10 und 3f2a7c1e-0000-4000-8000-000000000001: [entfernt]",
            message.ExceptionMessage);
        // Whole words only: "MaxLength" is not a given name.
        Assert.Equal("at Horizont.Provider.Data.Case.MaxLength([entfernt])", message.StackTrace);
        Assert.Equal("[entfernt]", message.Headers["X-Custom"]);
    }

    [Fact]
    public void A_surname_in_capitals_is_removed_while_the_contract_codes_stay()
    {
        var message = Read("horizont-ev_error", new Dictionary<string, object?>
        {
            ["MT-Fault-Message"] = Bytes("MUSTERMANN mit JGG_10 abgelehnt"),
        }, body: Body.Replace("\"Mustermann\"", "\"MUSTERMANN\"", StringComparison.Ordinal));

        Assert.Equal("[entfernt] mit JGG_10 abgelehnt", message.ExceptionMessage);
    }

    [Fact]
    public void A_part_of_a_name_or_address_written_alone_is_removed_but_particles_and_agency_places_stay()
    {
        var body = Body
            .Replace("\"Max\"", "\"Anna Lena\"", StringComparison.Ordinal)
            .Replace("\"Mustermann\"", "\"von der Heide-Krause\", \"address\": \"Rosenweg 3, 99734 Nordhausen\"", StringComparison.Ordinal);
        var message = Read("horizont-ev_error", new Dictionary<string, object?>
        {
            ["MT-Fault-Message"] = Bytes("Lena Krause vom Rosenweg nicht in der Kartei von ja-nordhausen"),
        }, body: body);

        Assert.Equal("[entfernt] [entfernt] vom [entfernt] nicht in der Kartei von ja-nordhausen", message.ExceptionMessage);
    }

    [Fact]
    public void A_body_that_is_not_json_cannot_be_checked_so_none_of_its_texts_is_shown()
    {
        var message = Read("horizont-ev_error", new Dictionary<string, object?>
        {
            ["MT-Fault-ExceptionType"] = Bytes("System.FormatException"),
            ["MT-Fault-Message"] = Bytes("Max Mustermann"),
            ["X-Custom"] = Bytes("Mustermann"),
        }, body: "Max Mustermann, 14.03.2004");

        Assert.Equal("System.FormatException", message.ExceptionType);
        Assert.Equal("[entfernt]", message.ExceptionMessage);
        Assert.Equal("[entfernt]", message.Headers["X-Custom"]);
    }

    [Fact]
    public void A_message_that_cannot_be_read_becomes_a_placeholder_instead_of_hiding_the_others()
    {
        var properties = new BasicProperties { MessageId = "8a1c0000-1111-2222-3333-444455556666", Headers = new Dictionary<string, object?> { ["MT-Fault-Timestamp"] = new Unreadable() } };
        var delivery = new BasicGetResult(1, false, "", "horizont-ev_error", 0, properties, Encoding.UTF8.GetBytes(Body));

        var message = FailedMessageReader.ReadOrPlaceholder("horizont-ev_error", delivery, Agencies);

        Assert.Equal(Guid.Parse("8a1c0000-1111-2222-3333-444455556666"), message.MessageId);
        Assert.Equal("horizont-ev", message.OriginalQueue);
        Assert.Equal("nicht lesbar", message.MessageType);
        Assert.Empty(message.Headers);
    }

    [Fact]
    public void Failures_that_differ_only_in_ids_share_a_group_and_different_causes_do_not()
    {
        var first = Read("horizont-ev_error", Fault("Referral 3f2a7c1e-0000-4000-8000-000000000001 locked"), "11111111-0000-0000-0000-000000000001");
        var second = Read("horizont-ev_error", Fault("Referral 9b9b9b9b-0000-4000-8000-000000000002 locked"), "11111111-0000-0000-0000-000000000002");
        var other = Read("horizont-ev_error", Fault("Disk full"), "11111111-0000-0000-0000-000000000003");

        Assert.Equal(first.GroupId, second.GroupId);
        Assert.NotEqual(first.GroupId, other.GroupId);
        var groups = FailureGroup.Of([first, second, other]);
        var shared = Assert.Single(groups, g => g.Count == 2);
        Assert.Equal("Referral {id} locked", shared.Reason);
        Assert.Equal([first.MessageId, second.MessageId], shared.MessageIds);
        Assert.Equal("horizont-ev", shared.Queue);
    }

    [Fact]
    public void A_message_without_an_id_gets_a_stable_one_from_its_body()
    {
        var once = Read("horizont-ev_error", new Dictionary<string, object?>(), messageId: null);
        var again = Read("horizont-ev_error", new Dictionary<string, object?>(), messageId: null);

        Assert.NotEqual(Guid.Empty, once.MessageId);
        Assert.Equal(once.MessageId, again.MessageId);
    }

    [Theory]
    [InlineData("rabbitmq://host/vhost/horizont-ev", "horizont-ev")]
    [InlineData("rabbitmq://host/horizont-ev?bind=false", "horizont-ev")]
    [InlineData("loopback://localhost/ja-nordhausen", "ja-nordhausen")]
    [InlineData("not a uri", null)]
    public void The_original_queue_is_the_last_segment_of_the_fault_address(string address, string? queue) =>
        Assert.Equal(queue, FailedMessageReader.QueueOf(address));

    private static Dictionary<string, object?> Fault(string text) => new()
    {
        ["MT-Fault-ExceptionType"] = Bytes("System.InvalidOperationException"),
        ["MT-Fault-Message"] = Bytes(text),
    };

    private static FailedMessage Read(string queue, Dictionary<string, object?> headers, string? messageId = "8a1c0000-1111-2222-3333-444455556666", string body = Body)
    {
        var properties = new BasicProperties { MessageId = messageId, ContentType = "application/vnd.masstransit+json", Headers = headers };
        var delivery = new BasicGetResult(1, false, "", queue, 0, properties, Encoding.UTF8.GetBytes(body));
        return FailedMessageReader.Read(queue, delivery, Agencies);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A header value no reader expects.</summary>
    private sealed class Unreadable
    {
        public override string ToString() => throw new FormatException("unreadable header");
    }
}
