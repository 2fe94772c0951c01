using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Jugendamt.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ErasedAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Referrals");
        }
    }
}
