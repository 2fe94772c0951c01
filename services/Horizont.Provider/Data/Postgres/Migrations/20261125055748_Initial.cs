using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Horizont.Provider.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    JugendamtId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProviderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HoursOrdered = table.Column<decimal>(type: "numeric", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    ConsequencesExplained = table.Column<bool>(type: "boolean", nullable: false),
                    WorkConstraints = table.Column<List<string>>(type: "text[]", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    AcceptedAt = table.Column<long>(type: "bigint", nullable: true),
                    DeclinedAt = table.Column<long>(type: "bigint", nullable: true),
                    DeclineReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DeclineNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    IntakeAppointment = table.Column<long>(type: "bigint", nullable: true),
                    IntakeMissedCount = table.Column<int>(type: "integer", nullable: false),
                    IntakeLastMissedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IntakeHeldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PlacementCategory = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PlacementName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PlacementStartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PlacedAt = table.Column<long>(type: "bigint", nullable: true),
                    HoursCompleted = table.Column<decimal>(type: "numeric", nullable: false),
                    LastShiftDate = table.Column<DateOnly>(type: "date", nullable: true),
                    AtRisk = table.Column<bool>(type: "boolean", nullable: false),
                    Overdue = table.Column<bool>(type: "boolean", nullable: false),
                    NonComplianceReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NonComplianceRemindedOn = table.Column<List<DateOnly>>(type: "date[]", nullable: true),
                    NonComplianceRecommendation = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NonComplianceReportedAt = table.Column<long>(type: "bigint", nullable: true),
                    ExtensionReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ExtensionProposedDeadline = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtensionRequestedAt = table.Column<long>(type: "bigint", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    LastCourtDecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    AmendedAt = table.Column<long>(type: "bigint", nullable: true),
                    WithdrawalReasonCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    WithdrawalEffectiveDate = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawnAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Caseworker_Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Caseworker_Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Caseworker_Phone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    YoungPerson_Address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    YoungPerson_DateOfBirth = table.Column<DateOnly>(type: "date", nullable: false),
                    YoungPerson_Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    YoungPerson_FamilyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    YoungPerson_GivenName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    YoungPerson_GuardianName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    YoungPerson_GuardianPhone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    YoungPerson_Phone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.ReferralId);
                });

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
                name: "CaseHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Time = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseHistory_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "ReferralId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HourEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Hours = table.Column<decimal>(type: "numeric", nullable: false),
                    Correction = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TotalAfter = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HourEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HourEntries_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "ReferralId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseHistory_CaseId",
                table: "CaseHistory",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReceivedAt",
                table: "Cases",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_State",
                table: "Cases",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_HourEntries_CaseId_Date",
                table: "HourEntries",
                columns: new[] { "CaseId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_MessageId",
                table: "OutboxMessages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt_Sequence",
                table: "OutboxMessages",
                columns: new[] { "SentAt", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseHistory");

            migrationBuilder.DropTable(
                name: "HourEntries");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
