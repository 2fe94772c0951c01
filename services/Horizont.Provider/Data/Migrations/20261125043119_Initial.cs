using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Migrations
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
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JugendamtId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HoursOrdered = table.Column<decimal>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ConsequencesExplained = table.Column<bool>(type: "INTEGER", nullable: false),
                    WorkConstraints = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclinedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclineReasonCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DeclineNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Caseworker_Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Caseworker_Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Caseworker_Phone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    YoungPerson_Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    YoungPerson_DateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    YoungPerson_Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    YoungPerson_FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    YoungPerson_GivenName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    YoungPerson_GuardianName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    YoungPerson_GuardianPhone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    YoungPerson_Phone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.ReferralId);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DestinationAgencyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "CaseHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
