using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Horizont.Hosting.Data;

/// <summary>
/// Change tracking for the lists stored as primitive collections (a case's work constraints, the dates a non-compliance
/// was reminded on, a site's categories). EF Core's own comparer for such a list nests the element comparer as a lambda
/// inside its expression; compiled, that nested lambda becomes a new delegate (<c>DynamicMethod.CreateDelegate</c>) on
/// every comparison, that is for every list of every tracked entity on every DetectChanges. In the reminder sweep that
/// was a quarter of the CPU time (docs/performance.md). These comparers call plain methods instead.
/// </summary>
public static class ListComparison
{
    /// <summary>Gives every <see cref="List{T}"/> property of the context's model <see cref="ListComparer{T}"/>.</summary>
    public static ModelConfigurationBuilder UsePlainListComparers(this ModelConfigurationBuilder configuration)
    {
        configuration.Conventions.Add(_ => new PlainListComparers());
        return configuration;
    }

    private sealed class PlainListComparers : IModelFinalizingConvention
    {
        public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
        {
            foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
            {
                foreach (var property in entityType.GetDeclaredProperties())
                {
                    if (property.ClrType.IsGenericType && property.ClrType.GetGenericTypeDefinition() == typeof(List<>))
                        property.SetValueComparer(typeof(ListComparer<>).MakeGenericType(property.ClrType.GetGenericArguments()));
                }
            }
        }
    }
}

/// <summary>Equal when both are null or hold equal elements in the same order; the snapshot is a copy.</summary>
public sealed class ListComparer<T>() : ValueComparer<List<T>?>((a, b) => AreEqual(a, b), list => HashOf(list), list => Copy(list))
{
    private static bool AreEqual(List<T>? a, List<T>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b));

    private static int HashOf(List<T>? list)
    {
        if (list is null)
            return 0;
        var hash = new HashCode();
        foreach (var element in list)
            hash.Add(element);
        return hash.ToHashCode();
    }

    private static List<T>? Copy(List<T>? list) => list is null ? null : [.. list];
}
