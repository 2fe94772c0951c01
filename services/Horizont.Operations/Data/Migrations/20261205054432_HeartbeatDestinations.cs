using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Operations.Data.Migrations
{
    /// <inheritdoc />
    public partial class HeartbeatDestinations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HeartbeatDestinations",
                columns: table => new
                {
                    Service = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AgencyId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Pending = table.Column<int>(type: "INTEGER", nullable: false),
                    OldestAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Held = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeartbeatDestinations", x => new { x.Service, x.Instance, x.Queue });
                    table.ForeignKey(
                        name: "FK_HeartbeatDestinations_Heartbeats_Service_Instance",
                        columns: x => new { x.Service, x.Instance },
                        principalTable: "Heartbeats",
                        principalColumns: new[] { "Service", "Instance" },
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeartbeatDestinations");
        }
    }
}
