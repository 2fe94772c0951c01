using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Horizont.Provider.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailLength : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
