using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Jugendamt.Data;

/// <summary>For <c>dotnet ef migrations</c> only: the service itself opens the ledger through Hosting's store.</summary>
internal sealed class LedgerDesignTimeDbContextFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    public LedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=jugendamt-design.db").Options);
}
