using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.SignIn.Data;

/// <summary>For <c>dotnet ef migrations add</c>: the model on SQLite, without a host.</summary>
internal sealed class SignInDbContextDesignTimeFactory : IDesignTimeDbContextFactory<SignInDbContext>
{
    public SignInDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SignInDbContext>().UseSqlite("Data Source=signin-design.db").Options);
}
