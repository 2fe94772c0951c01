using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Jugendamt.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CourtReportedAt",
                table: "Referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CourtReportedOn",
                table: "Referrals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlagsReportedAt",
                table: "Referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusSince",
                table: "Referrals",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Written by hand: referrals from before this migration: the follow-ups start from the last change, not from year 1.
            migrationBuilder.Sql("UPDATE \"Referrals\" SET \"StatusSince\" = \"UpdatedAt\";");

            migrationBuilder.CreateTable(
                name: "Reminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Team = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    RaisedAt = table.Column<long>(type: "bigint", nullable: false),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "bigint", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Mail = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MailAttempts = table.Column<int>(type: "integer", nullable: false),
                    MailDueAt = table.Column<long>(type: "bigint", nullable: true),
                    MailSentAt = table.Column<long>(type: "bigint", nullable: true),
                    MailLastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReminderSchedule",
                columns: table => new
                {
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderSchedule", x => new { x.ReferralId, x.Rule });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_MailDueAt",
                table: "Reminders",
                column: "MailDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_ReferralId_Rule_DueAt",
                table: "Reminders",
                columns: new[] { "ReferralId", "Rule", "DueAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_State_RaisedAt",
                table: "Reminders",
                columns: new[] { "State", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderSchedule_DueAt",
                table: "ReminderSchedule",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Reminders");

            migrationBuilder.DropTable(
                name: "ReminderSchedule");

            migrationBuilder.DropColumn(
                name: "CourtReportedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "CourtReportedOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "FlagsReportedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "StatusSince",
                table: "Referrals");
        }
    }
}
