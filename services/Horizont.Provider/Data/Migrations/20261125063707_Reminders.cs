using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HoursLoggedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StateSince",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "StatusReportedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            // Written by hand: cases from before this migration: the reminder rules start from the last known change, not from year 1.
            migrationBuilder.Sql("UPDATE \"Cases\" SET \"StateSince\" = COALESCE(\"AmendedAt\", \"ReceivedAt\");");

            migrationBuilder.CreateTable(
                name: "Reminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Mail = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MailAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    MailDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MailSentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MailLastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReminderSchedule",
                columns: table => new
                {
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "HoursLoggedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "StateSince",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "StatusReportedAt",
                table: "Cases");
        }
    }
}
