using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// Makes the provider's case store fail while it is on, the way a database outage would, but with an exception
/// message that (carelessly) names the young person: operations must not show it.
/// </summary>
public sealed class FaultSwitch : SaveChangesInterceptor
{
    private volatile bool _on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_on && eventData.Context?.ChangeTracker.Entries<Case>().FirstOrDefault(e => e.State == EntityState.Added) is { } added)
        {
            throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Fall von {added.Entity.YoungPerson.GivenName} {added.Entity.YoungPerson.FamilyName} (geb. {added.Entity.YoungPerson.DateOfBirth:yyyy-MM-dd}) " +
                $"nicht gespeichert: Datenbank {Guid.NewGuid()} antwortet nicht."));
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
