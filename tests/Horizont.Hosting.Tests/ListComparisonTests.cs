using Horizont.Hosting.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests;

/// <summary>Lists stored as primitive collections: compared with plain calls, and a change made in place is still saved.</summary>
public sealed class ListComparisonTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ListComparisonTests() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Lists_are_equal_with_the_same_elements_in_the_same_order_and_a_snapshot_is_a_copy()
    {
        var comparer = new ListComparer<string>();
        List<string> list = ["Wochenende", "vormittags"];

        Assert.True(comparer.Equals(list, ["Wochenende", "vormittags"]));
        Assert.False(comparer.Equals(list, ["vormittags", "Wochenende"]));
        Assert.False(comparer.Equals(list, ["Wochenende"]));
        Assert.False(comparer.Equals(list, null));
        Assert.True(comparer.Equals(null, null));
        Assert.Equal(comparer.GetHashCode(["Wochenende", "vormittags"]), comparer.GetHashCode(list));

        var snapshot = comparer.Snapshot(list);
        list.Add("abends");
        Assert.NotSame(list, snapshot);
        Assert.False(comparer.Equals(list, snapshot));
        Assert.Null(comparer.Snapshot(null));
    }

    [Fact]
    public async Task Every_list_property_gets_the_plain_comparer_and_an_element_added_in_place_is_saved()
    {
        await using (var db = NewContext())
        {
            await db.Database.EnsureCreatedAsync();
            var entity = db.Model.FindEntityType(typeof(Listed))!;
            Assert.IsType<ListComparer<string>>(entity.FindProperty(nameof(Listed.Tags))!.GetValueComparer());
            Assert.IsType<ListComparer<DateOnly>>(entity.FindProperty(nameof(Listed.Days))!.GetValueComparer());
            db.Add(new Listed { Id = 1, Tags = ["a"], Days = [new DateOnly(2026, 12, 7)] });
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            var row = await db.Set<Listed>().SingleAsync();
            row.Tags.Add("b");
            row.Days!.Add(new DateOnly(2026, 12, 8));
            Assert.Equal(1, await db.SaveChangesAsync());
        }

        await using (var db = NewContext())
        {
            var row = await db.Set<Listed>().SingleAsync();
            Assert.Equal(["a", "b"], row.Tags);
            Assert.Equal([new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8)], row.Days);
        }
    }

    private ListedContext NewContext() => new(new DbContextOptionsBuilder<ListedContext>().UseSqlite(_connection).Options);

    public sealed class Listed
    {
        public int Id { get; set; }

        public List<string> Tags { get; set; } = [];

        public List<DateOnly>? Days { get; set; }
    }

    private sealed class ListedContext(DbContextOptions<ListedContext> options) : DbContext(options)
    {
        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.UsePlainListComparers();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Listed>();
    }
}
