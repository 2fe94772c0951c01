using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Provider.Data;

/// <summary>For <c>dotnet ef migrations add</c>: the model on SQLite, without a host.</summary>
public sealed class CaseDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CaseDbContext>
{
    public CaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CaseDbContext>().UseSqlite("Data Source=provider-design.db").Options);
}
