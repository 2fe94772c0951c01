using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AmendedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AtRisk",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "CompletedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CompletedOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExtensionProposedDeadline",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReasonCode",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ExtensionRequestedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "HoursCompleted",
                table: "Cases",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "IntakeAppointment",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "IntakeHeldOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "IntakeLastMissedOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "IntakeMissedCount",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastCourtDecisionDate",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastShiftDate",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceReasonCode",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceRecommendation",
                table: "Cases",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceRemindedOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NonComplianceReportedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Overdue",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "PlacedAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlacementCategory",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlacementName",
                table: "Cases",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PlacementStartDate",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "WithdrawalEffectiveDate",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalReasonCode",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WithdrawnAt",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "HourEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", nullable: false),
                    Correction = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TotalAfter = table.Column<decimal>(type: "TEXT", nullable: false)
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
                name: "IX_HourEntries_CaseId_Date",
                table: "HourEntries",
                columns: new[] { "CaseId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HourEntries");

            migrationBuilder.DropColumn(
                name: "AmendedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AtRisk",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CompletedOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExtensionProposedDeadline",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExtensionReasonCode",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExtensionRequestedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "HoursCompleted",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntakeAppointment",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntakeHeldOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntakeLastMissedOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntakeMissedCount",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "LastCourtDecisionDate",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "LastShiftDate",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NonComplianceReasonCode",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NonComplianceRecommendation",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NonComplianceRemindedOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NonComplianceReportedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Overdue",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PlacedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PlacementCategory",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PlacementName",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PlacementStartDate",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "WithdrawalEffectiveDate",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "WithdrawalReasonCode",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "Cases");
        }
    }
}
