using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Jugendamt.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExportOutboxAndRefusal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RefusalReasonCode",
                table: "Referrals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefusedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefusedMessageType",
                table: "Referrals",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExportOutbox",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExportOutbox", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExportOutbox_FileName",
                table: "ExportOutbox",
                column: "FileName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExportOutbox_WrittenAt",
                table: "ExportOutbox",
                column: "WrittenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExportOutbox");

            migrationBuilder.DropColumn(
                name: "RefusalReasonCode",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RefusedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RefusedMessageType",
                table: "Referrals");
        }
    }
}
