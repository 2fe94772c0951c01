using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaseErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "Cases",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Cases");
        }
    }
}
