using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Horizont.Jugendamt.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: true),
                    DestinationAgencyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProviderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HoursOrdered = table.Column<decimal>(type: "numeric", nullable: false),
                    HoursCompleted = table.Column<decimal>(type: "numeric", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusBeforeChange = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    DeclineReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DeclineNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    SubmittedAt = table.Column<string>(type: "text", nullable: false),
                    AnsweredAt = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<string>(type: "text", nullable: false),
                    IntakeOutcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IntakeMeetingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IntakeNextAppointment = table.Column<string>(type: "text", nullable: true),
                    IntakeRecordedAt = table.Column<string>(type: "text", nullable: true),
                    PlacementCategory = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PlacementStartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PlacementArrangedAt = table.Column<string>(type: "text", nullable: true),
                    Flags = table.Column<List<string>>(type: "text[]", nullable: false),
                    HoursReportedAt = table.Column<string>(type: "text", nullable: true),
                    LastShiftDate = table.Column<DateOnly>(type: "date", nullable: true),
                    NonComplianceReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NonComplianceRemindedOn = table.Column<List<DateOnly>>(type: "date[]", nullable: false),
                    NonComplianceRecommendation = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NonComplianceReportedAt = table.Column<string>(type: "text", nullable: true),
                    ExtensionReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ExtensionProposedDeadline = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtensionRequestedAt = table.Column<string>(type: "text", nullable: true),
                    CourtDecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    AmendedAt = table.Column<string>(type: "text", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawalReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    WithdrawalEffectiveDate = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawalRequestedAt = table.Column<string>(type: "text", nullable: true),
                    WithdrawalOutcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    WithdrawalAcknowledgedAt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    Time = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerHistory_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReferralChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    RecordedAt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferralChanges_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerHistory_ReferralId",
                table: "LedgerHistory",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_MessageId",
                table: "OutboxMessages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt_Sequence",
                table: "OutboxMessages",
                columns: new[] { "SentAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralChanges_ReferralId",
                table: "ReferralChanges",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_FileReference",
                table: "Referrals",
                column: "FileReference");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status",
                table: "Referrals",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "LedgerHistory");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "ReferralChanges");

            migrationBuilder.DropTable(
                name: "Referrals");
        }
    }
}
