using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlacementSites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PlacementSiteId",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlacementSites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    City = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Categories = table.Column<string>(type: "TEXT", nullable: false),
                    Places = table.Column<int>(type: "INTEGER", nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MinimumAge = table.Column<int>(type: "INTEGER", nullable: true),
                    ExcludedOffences = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    AccidentInsuranceNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementSites", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PlacementSiteId",
                table: "Cases",
                column: "PlacementSiteId");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementSites_Name",
                table: "PlacementSites",
                column: "Name");

            migrationBuilder.AddForeignKey(
                name: "FK_Cases_PlacementSites_PlacementSiteId",
                table: "Cases",
                column: "PlacementSiteId",
                principalTable: "PlacementSites",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Cases_PlacementSites_PlacementSiteId",
                table: "Cases");

            migrationBuilder.DropTable(
                name: "PlacementSites");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PlacementSiteId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PlacementSiteId",
                table: "Cases");
        }
    }
}
