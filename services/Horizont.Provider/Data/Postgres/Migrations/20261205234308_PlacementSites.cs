using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Postgres.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlacementSites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Street = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    PostalCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    City = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    Places = table.Column<int>(type: "integer", nullable: false),
                    Schedule = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    MinimumAge = table.Column<int>(type: "integer", nullable: true),
                    ExcludedOffences = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContactPhone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    AccidentInsuranceNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
