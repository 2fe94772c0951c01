using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Operations.Data;

/// <summary>For <c>dotnet ef migrations add</c>: the model on SQLite, without a host.</summary>
public sealed class OperationsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<OperationsDbContext>
{
    public OperationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OperationsDbContext>().UseSqlite("Data Source=operations-design.db").Options);
}
