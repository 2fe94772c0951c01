using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Jugendamt.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AmendedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CompletedOn",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CourtDecisionDate",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExtensionProposedDeadline",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReasonCode",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionRequestedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Flags",
                table: "Referrals",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "HoursReportedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "IntakeMeetingDate",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntakeNextAppointment",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntakeOutcome",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntakeRecordedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastShiftDate",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceReasonCode",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceRecommendation",
                table: "Referrals",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceRemindedOn",
                table: "Referrals",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "NonComplianceReportedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlacementArrangedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlacementCategory",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PlacementStartDate",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusBeforeChange",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Referrals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalAcknowledgedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "WithdrawalEffectiveDate",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalOutcome",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalReasonCode",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalRequestedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReferralChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<string>(type: "TEXT", nullable: false)
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
                name: "IX_ReferralChanges_ReferralId",
                table: "ReferralChanges",
                column: "ReferralId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReferralChanges");

            migrationBuilder.DropColumn(
                name: "AmendedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "CompletedOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "CourtDecisionDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ExtensionProposedDeadline",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ExtensionReasonCode",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ExtensionRequestedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "HoursReportedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "IntakeMeetingDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "IntakeNextAppointment",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "IntakeOutcome",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "IntakeRecordedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "LastShiftDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NonComplianceReasonCode",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NonComplianceRecommendation",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NonComplianceRemindedOn",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "NonComplianceReportedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PlacementArrangedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PlacementCategory",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PlacementStartDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "StatusBeforeChange",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawalAcknowledgedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawalEffectiveDate",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawalOutcome",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawalReasonCode",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawalRequestedAt",
                table: "Referrals");
        }
    }
}
