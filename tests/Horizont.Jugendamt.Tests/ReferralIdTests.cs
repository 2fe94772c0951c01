using System.Text;
using Horizont.Hosting;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

public class ReferralIdTests
{
    private readonly TestIntake _intake = new();

    [Fact]
    public void The_same_json_file_always_gets_the_same_referral_id()
    {
        var content = TestReferrals.Bytes(TestReferrals.Json());

        var first = _intake.Json(content).Message!.ReferralId;
        var second = new TestIntake().Json(content).Message!.ReferralId;

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_derived_id_is_the_first_16_bytes_of_sha256_as_a_version_8_uuid()
    {
        var content = Encoding.UTF8.GetBytes("{}");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

        var id = DerivedId.Of(content).ToString("N");

        Assert.Equal(hash[..12], id[..12]);
        Assert.Equal('8', id[12]);
        Assert.Equal(hash[13..16], id[13..16]);
        Assert.Contains(id[16], "89ab");
        Assert.Equal(hash[17..32], id[17..32]);
    }

    [Fact]
    public void A_different_file_gets_a_different_id()
    {
        var other = TestReferrals.Json();
        other["fileReference"] = "JGH-2026-0816";

        Assert.NotEqual(_intake.Json(TestReferrals.Json()).Message!.ReferralId, _intake.Json(other).Message!.ReferralId);
    }

    [Fact]
    public void A_byte_order_mark_does_not_change_the_id()
    {
        var content = TestReferrals.Bytes(TestReferrals.Json());

        Assert.Equal(_intake.Json(content).Message!.ReferralId, _intake.Json([0xEF, 0xBB, 0xBF, .. content]).Message!.ReferralId);
    }

    [Fact]
    public void A_given_referral_id_is_used_as_it_is()
    {
        var json = TestReferrals.Json();
        var id = Guid.NewGuid();
        json["referralId"] = id.ToString();

        Assert.Equal(id, _intake.Json(json).Message!.ReferralId);
    }

    [Fact]
    public void A_csv_row_gets_the_same_id_wherever_it_stands_and_whatever_the_line_ends()
    {
        var row = TestReferrals.CsvRow("JGH-9");
        var alone = _intake.Csv(TestReferrals.Csv(row)).Rows[0].Message!.ReferralId;
        var second = _intake.Csv(TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), row)).Rows[1].Message!.ReferralId;
        var crlf = _intake.Csv(TestReferrals.Csv(row).Replace("\n", "\r\n", StringComparison.Ordinal)).Rows[0].Message!.ReferralId;
        var withBom = _intake.Csv(TestReferrals.Csv(row), byteOrderMark: true).Rows[0].Message!.ReferralId;

        Assert.Equal(alone, second);
        Assert.Equal(alone, crlf);
        Assert.Equal(alone, withBom);
    }

    [Fact]
    public void Two_different_csv_rows_get_different_ids()
    {
        var rows = _intake.Csv(TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), TestReferrals.CsvRow("JGH-2"))).Rows;

        Assert.NotEqual(rows[0].Message!.ReferralId, rows[1].Message!.ReferralId);
    }

    [Fact]
    public void The_content_hash_ignores_the_time_of_handing_over_but_not_the_content()
    {
        var message = _intake.Json(TestReferrals.Json()).Message!;

        Assert.Equal(ReferralIds.ContentHash(message), ReferralIds.ContentHash(message with { SubmittedAt = message.SubmittedAt.AddDays(1) }));
        Assert.NotEqual(ReferralIds.ContentHash(message), ReferralIds.ContentHash(message with { HoursOrdered = 41 }));
    }
}
