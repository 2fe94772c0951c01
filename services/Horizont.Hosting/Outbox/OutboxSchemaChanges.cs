using Microsoft.EntityFrameworkCore.Migrations;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Data changes that the outbox's schema changes need in every service's database, written once and called from each
/// service's migrations (SQLite and PostgreSQL each have their own, ADR 0004).
/// </summary>
public static class OutboxSchemaChanges
{
    // 0001-01-01 is Julian day 1721425.5; a day has 864 000 000 000 ticks. Unix epoch is 621 355 968 000 000 000 ticks.
    private static string SqliteTicks(string column) => $"CAST(ROUND((julianday(\"{column}\") - 1721425.5) * 864000000000.0) AS INTEGER)";

    private static string SqliteText(string column) => $"strftime('%Y-%m-%d %H:%M:%f+00:00', (CAST(\"{column}\" AS INTEGER) / 864000000000.0) + 1721425.5)";

    private static string PostgresTicks(string column) => $"(EXTRACT(EPOCH FROM \"{column}\") * 10000000)::bigint + 621355968000000000";

    private static string PostgresTime(string column) => $"to_timestamp((\"{column}\" - 621355968000000000) / 10000000.0)";

    // "Horizont.Messages.SubmitReferral, Horizont.Messages" → "urn:message:Horizont.Messages:SubmitReferral": every type that
    // went through an outbox lives in the namespace Horizont.Messages itself (18 characters and a dot).
    private const string SqliteUrn =
        """
        UPDATE "OutboxMessages"
        SET "MessageType" = 'urn:message:Horizont.Messages:' || substr("MessageType", 19, instr("MessageType", ',') - 19)
        WHERE "MessageType" LIKE 'Horizont.Messages.%,%' AND instr(substr("MessageType", 19, instr("MessageType", ',') - 19), '.') = 0;
        """;

    private const string PostgresUrn =
        """
        UPDATE "OutboxMessages"
        SET "MessageType" = 'urn:message:Horizont.Messages:' || split_part(substr("MessageType", 19), ',', 1)
        WHERE "MessageType" LIKE 'Horizont.Messages.%,%' AND position('.' in split_part(substr("MessageType", 19), ',', 1)) = 0;
        """;

    /// <summary>
    /// SQLite, before the columns' type changes to INTEGER: times stored as text become UTC ticks (the table rebuild then
    /// copies numbers), and the outbox's assembly-qualified type names become message URNs.
    /// </summary>
    public static void SqliteClaimsUp(MigrationBuilder migration)
    {
        foreach (var (table, column) in TimeColumns)
            migration.Sql($"""UPDATE "{table}" SET "{column}" = {SqliteTicks(column)} WHERE typeof("{column}") = 'text';""");
        migration.Sql(SqliteUrn);
    }

    /// <summary>SQLite, after the columns went back to TEXT: ticks become ISO text again (type names stay URNs, which the older code cannot read).</summary>
    public static void SqliteClaimsDown(MigrationBuilder migration)
    {
        foreach (var (table, column) in TimeColumns)
            migration.Sql($"""UPDATE "{table}" SET "{column}" = {SqliteText(column)} WHERE "{column}" IS NOT NULL;""");
    }

    /// <summary>PostgreSQL: the time columns change type with a conversion (EF's plain type change cannot cast a timestamp to bigint), and type names become URNs.</summary>
    public static void PostgresClaimsUp(MigrationBuilder migration)
    {
        foreach (var (table, column) in TimeColumns)
        {
            migration.Sql($"""ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE bigint USING {PostgresTicks(column)};""");
        }

        migration.Sql(PostgresUrn);
    }

    /// <summary>PostgreSQL: back to timestamps.</summary>
    public static void PostgresClaimsDown(MigrationBuilder migration)
    {
        foreach (var (table, column) in TimeColumns)
        {
            migration.Sql($"""ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamp with time zone USING {PostgresTime(column)};""");
        }
    }

    private static readonly (string Table, string Column)[] TimeColumns =
    [
        ("OutboxMessages", "CreatedAt"),
        ("OutboxMessages", "SentAt"),
        ("InboxMessages", "ReceivedAt"),
    ];
}
