using Horizont.Hosting.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests;

/// <summary>
/// Rows written set-based must be the rows SaveChanges would have written (same converters, same keys), written once,
/// and a failure must look like a failed save: nothing kept, the same exception types the sweep's fallback catches.
/// </summary>
public abstract class SetBasedWritesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 30, 0, TimeSpan.Zero);

    private static readonly Type[] Written = [typeof(Note), typeof(Line), typeof(Pair), typeof(Tagged)];

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract WritesContext NewContext();

    protected async Task Added_rows_are_stored_as_SaveChanges_stores_them()
    {
        var notes = Enumerable.Range(0, 7_000).Select(i => new Note
        {
            Id = Guid.NewGuid(),
            Text = $"Notiz {i} „Wiedervorlage“",
            Kind = i % 2 == 0 ? NoteKind.Open : NoteKind.Done,
            DueAt = Now.AddMinutes(i),
            DoneAt = i % 3 == 0 ? null : Now.AddHours(i),
            Remark = i % 5 == 0 ? null : "vermerkt",
            Count = i % 4 == 0 ? null : i,
            Flag = i % 2 == 1,
        }).ToList();
        var bySave = new Note { Id = Guid.NewGuid(), Text = "per SaveChanges", Kind = NoteKind.Done, DueAt = Now, DoneAt = Now, Flag = true };

        await using (var db = NewContext())
        {
            db.AddRange(notes);
            db.Add(bySave);
            // More rows than one statement takes: several chunks.
            Assert.Equal((7_001, 0), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        var stored = await read.Notes.AsNoTracking().ToDictionaryAsync(n => n.Id);
        Assert.Equal(7_001, stored.Count);
        foreach (var note in notes.Append(bySave))
            Assert.Equal(note, stored[note.Id]);
        // The converters' store values, not only their round trip: the database compares and orders by them.
        Assert.Equal(12, await read.Notes.CountAsync(n => n.DueAt <= Now.AddMinutes(10)));
        Assert.Equal(3_501, await read.Notes.CountAsync(n => n.Kind == NoteKind.Done));
        Assert.Equal(2_334, await read.Notes.CountAsync(n => n.DoneAt == null));
    }

    protected async Task Rows_keyed_by_the_store_get_their_keys_and_leave_the_unit_of_work()
    {
        var parent = await SeedParentAsync();

        await using (var db = NewContext())
        {
            var lines = Enumerable.Range(0, 3).Select(i => new Line { ParentId = parent.Id, Text = $"Zeile {i}" }).ToList();
            db.AddRange(lines);
            // Still tracked as added, the save would insert them a second time.
            Assert.Equal((3, 0), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        var stored = await read.Lines.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        Assert.Equal(["Zeile 0", "Zeile 1", "Zeile 2"], stored.Select(l => l.Text));
        Assert.Equal(3, stored.Select(l => l.Id).Distinct().Count());
    }

    protected async Task A_row_whose_principal_is_tracked_is_left_to_SaveChanges_and_stored_once()
    {
        var parent = await SeedParentAsync();

        await using (var db = NewContext())
        {
            // As the sweep attaches a case to flag it: the new history line is in the case's collection too.
            var tracked = await db.Parents.SingleAsync(p => p.Id == parent.Id);
            var line = new Line { ParentId = parent.Id, Text = "mit dem Fall" };
            tracked.Lines.Add(line);
            db.Add(line);
            Assert.Equal((0, 1), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        Assert.Equal("mit dem Fall", Assert.Single(await read.Lines.AsNoTracking().ToListAsync()).Text);
    }

    protected async Task A_row_with_a_list_in_a_column_is_left_to_SaveChanges()
    {
        await using (var db = NewContext())
        {
            db.Add(new Tagged { Id = Guid.NewGuid(), Tags = ["AT_RISK", "OVERDUE"] });
            Assert.Equal((0, 1), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        Assert.Equal(["AT_RISK", "OVERDUE"], Assert.Single(await read.Tagged.AsNoTracking().ToListAsync()).Tags);
    }

    protected async Task Deleted_rows_are_deleted_by_their_key_of_two_columns()
    {
        var id = Guid.NewGuid();
        await SeedPairsAsync(id, "a", "b", "c");

        await using (var db = NewContext())
        {
            var pairs = await db.Pairs.Where(p => p.Rule != "b").ToListAsync();
            db.RemoveRange(pairs);
            // Still tracked as deleted, the save would find them gone and fail.
            Assert.Equal((2, 0), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        Assert.Equal("b", Assert.Single(await read.Pairs.AsNoTracking().ToListAsync()).Rule);
    }

    protected async Task A_row_deleted_and_added_again_with_its_key_is_stored_once()
    {
        var id = Guid.NewGuid();
        await SeedPairsAsync(id, "a");

        await using (var db = NewContext())
        {
            db.Remove(await db.Pairs.SingleAsync());
            db.Add(new Pair { Id = id, Rule = "a" });
            Assert.Equal((2, 0), await WriteThenSaveAsync(db));
        }

        await using var read = NewContext();
        Assert.Equal("a", Assert.Single(await read.Pairs.AsNoTracking().ToListAsync()).Rule);
    }

    protected async Task A_row_deleted_meanwhile_fails_as_a_concurrency_conflict_and_nothing_is_kept()
    {
        var id = Guid.NewGuid();
        await SeedPairsAsync(id, "a", "b");
        await using var db = NewContext();
        db.RemoveRange(await db.Pairs.ToListAsync());
        db.Add(new Note { Id = Guid.NewGuid(), Text = "im selben Schritt", Kind = NoteKind.Open, DueAt = Now });
        await using (var other = NewContext())
            await other.Pairs.Where(p => p.Rule == "b").ExecuteDeleteAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SetBasedWrites.WriteAsync(db, Written, CancellationToken.None));

        await using var read = NewContext();
        Assert.Equal("a", Assert.Single(await read.Pairs.AsNoTracking().ToListAsync()).Rule);
        Assert.Empty(await read.Notes.AsNoTracking().ToListAsync());
    }

    protected async Task A_key_already_taken_fails_as_a_failed_save_and_nothing_is_kept()
    {
        var id = Guid.NewGuid();
        await SeedPairsAsync(id, "a");
        await using var db = NewContext();
        db.Add(new Note { Id = Guid.NewGuid(), Text = "im selben Schritt", Kind = NoteKind.Open, DueAt = Now });
        db.Add(new Pair { Id = id, Rule = "b" });
        db.Add(new Pair { Id = id, Rule = "a" });

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var failed = await Assert.ThrowsAsync<DbUpdateException>(() => SetBasedWrites.WriteAsync(db, Written, CancellationToken.None));
            Assert.True(WriteConflicts.IsConflict(failed), failed.ToString());
        }

        await using var read = NewContext();
        Assert.Equal("a", Assert.Single(await read.Pairs.AsNoTracking().ToListAsync()).Rule);
        Assert.Empty(await read.Notes.AsNoTracking().ToListAsync());
    }

    protected async Task Outside_a_transaction_it_refuses_and_writes_nothing()
    {
        await using var db = NewContext();
        db.Add(new Note { Id = Guid.NewGuid(), Text = "ohne Transaktion", Kind = NoteKind.Open, DueAt = Now });

        await Assert.ThrowsAsync<InvalidOperationException>(() => SetBasedWrites.WriteAsync(db, Written, CancellationToken.None));

        Assert.Equal(EntityState.Added, Assert.Single(db.ChangeTracker.Entries()).State);
    }

    /// <summary>As the sweep saves a batch: the set-based writes, then SaveChanges for the rest, in one transaction.</summary>
    private static async Task<(int Written, int Saved)> WriteThenSaveAsync(WritesContext db)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var written = await SetBasedWrites.WriteAsync(db, Written, CancellationToken.None);
        var saved = await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (written, saved);
    }

    private async Task<Parent> SeedParentAsync()
    {
        var parent = new Parent { Id = Guid.NewGuid() };
        await using var seed = NewContext();
        seed.Add(parent);
        await seed.SaveChangesAsync();
        return parent;
    }

    private async Task SeedPairsAsync(Guid id, params string[] rules)
    {
        await using var seed = NewContext();
        seed.AddRange(rules.Select(r => new Pair { Id = id, Rule = r }));
        await seed.SaveChangesAsync();
    }

    public enum NoteKind
    {
        Open,
        Done,
    }

    /// <summary>Every kind of column the stores' set-based rows have: a client key, converted times and enums, nulls.</summary>
    public sealed record Note
    {
        public Guid Id { get; set; }

        public required string Text { get; set; }

        public NoteKind Kind { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public DateTimeOffset? DoneAt { get; set; }

        public string? Remark { get; set; }

        public long? Count { get; set; }

        public bool Flag { get; set; }
    }

    public sealed class Parent
    {
        public Guid Id { get; set; }

        public List<Line> Lines { get; set; } = [];
    }

    /// <summary>A history line: its key chosen by the store.</summary>
    public sealed class Line
    {
        public long Id { get; set; }

        public Guid ParentId { get; set; }

        public required string Text { get; set; }
    }

    /// <summary>A schedule row: a key of two columns.</summary>
    public sealed class Pair
    {
        public Guid Id { get; set; }

        public required string Rule { get; set; }
    }

    /// <summary>A case's flags: a list stored in one column, which SaveChanges writes.</summary>
    public sealed class Tagged
    {
        public Guid Id { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    public sealed class WritesContext(DbContextOptions<WritesContext> options) : DbContext(options)
    {
        public DbSet<Tagged> Tagged => Set<Tagged>();

        public DbSet<Note> Notes => Set<Note>();

        public DbSet<Parent> Parents => Set<Parent>();

        public DbSet<Line> Lines => Set<Line>();

        public DbSet<Pair> Pairs => Set<Pair>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>(e =>
            {
                e.Property(n => n.Id).ValueGeneratedNever();
                e.Property(n => n.Text).HasMaxLength(100);
                e.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
                e.Property(n => n.DueAt).HasConversion(UtcTicks.Converter);
                e.Property(n => n.DoneAt).HasConversion(UtcTicks.Converter);
            });
            modelBuilder.Entity<Parent>(e =>
            {
                e.Property(p => p.Id).ValueGeneratedNever();
                e.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.ParentId);
            });
            modelBuilder.Entity<Line>().Property(l => l.Id).ValueGeneratedOnAdd();
            modelBuilder.Entity<Tagged>().Property(t => t.Id).ValueGeneratedNever();
            modelBuilder.Entity<Pair>(e =>
            {
                e.HasKey(p => new { p.Id, p.Rule });
                e.Property(p => p.Rule).HasMaxLength(64);
            });
        }
    }
}

public sealed class SetBasedWritesOnSqliteTests : SetBasedWritesTests, IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public override async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public override async Task DisposeAsync() => await _connection.DisposeAsync();

    public void Dispose() => _connection.Dispose();

    protected override WritesContext NewContext() => new(new DbContextOptionsBuilder<WritesContext>().UseSqlite(_connection).Options);

    [Fact]
    public Task Added_rows_are_stored_as_SaveChanges_stores_them_on_sqlite() => Added_rows_are_stored_as_SaveChanges_stores_them();

    [Fact]
    public Task Rows_keyed_by_the_store_get_their_keys_and_leave_the_unit_of_work_on_sqlite() => Rows_keyed_by_the_store_get_their_keys_and_leave_the_unit_of_work();

    [Fact]
    public Task A_row_whose_principal_is_tracked_is_left_to_SaveChanges_and_stored_once_on_sqlite() => A_row_whose_principal_is_tracked_is_left_to_SaveChanges_and_stored_once();

    [Fact]
    public Task A_row_with_a_list_in_a_column_is_left_to_SaveChanges_on_sqlite() => A_row_with_a_list_in_a_column_is_left_to_SaveChanges();

    [Fact]
    public Task A_row_deleted_and_added_again_with_its_key_is_stored_once_on_sqlite() => A_row_deleted_and_added_again_with_its_key_is_stored_once();

    [Fact]
    public Task Deleted_rows_are_deleted_by_their_key_of_two_columns_on_sqlite() => Deleted_rows_are_deleted_by_their_key_of_two_columns();

    [Fact]
    public Task A_row_deleted_meanwhile_fails_as_a_concurrency_conflict_and_nothing_is_kept_on_sqlite() => A_row_deleted_meanwhile_fails_as_a_concurrency_conflict_and_nothing_is_kept();

    [Fact]
    public Task A_key_already_taken_fails_as_a_failed_save_and_nothing_is_kept_on_sqlite() => A_key_already_taken_fails_as_a_failed_save_and_nothing_is_kept();

    [Fact]
    public Task Outside_a_transaction_it_refuses_and_writes_nothing_on_sqlite() => Outside_a_transaction_it_refuses_and_writes_nothing();
}

public sealed class SetBasedWritesOnPostgresTests : SetBasedWritesTests
{
    private string? _database;

    public override async Task InitializeAsync()
    {
        _database = await Postgres.CreateDatabaseUnlessSkippedAsync("set_based");
        if (_database is null)
            return;
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await Postgres.DropDatabaseAsync(_database);
    }

    protected override WritesContext NewContext() => new(new DbContextOptionsBuilder<WritesContext>().UseNpgsql(_database).Options);

    [PostgresFact]
    public Task Added_rows_are_stored_as_SaveChanges_stores_them_on_postgres() => Added_rows_are_stored_as_SaveChanges_stores_them();

    [PostgresFact]
    public Task Rows_keyed_by_the_store_get_their_keys_and_leave_the_unit_of_work_on_postgres() => Rows_keyed_by_the_store_get_their_keys_and_leave_the_unit_of_work();

    [PostgresFact]
    public Task A_row_whose_principal_is_tracked_is_left_to_SaveChanges_and_stored_once_on_postgres() => A_row_whose_principal_is_tracked_is_left_to_SaveChanges_and_stored_once();

    [PostgresFact]
    public Task A_row_with_a_list_in_a_column_is_left_to_SaveChanges_on_postgres() => A_row_with_a_list_in_a_column_is_left_to_SaveChanges();

    [PostgresFact]
    public Task A_row_deleted_and_added_again_with_its_key_is_stored_once_on_postgres() => A_row_deleted_and_added_again_with_its_key_is_stored_once();

    [PostgresFact]
    public Task Deleted_rows_are_deleted_by_their_key_of_two_columns_on_postgres() => Deleted_rows_are_deleted_by_their_key_of_two_columns();

    [PostgresFact]
    public Task A_row_deleted_meanwhile_fails_as_a_concurrency_conflict_and_nothing_is_kept_on_postgres() => A_row_deleted_meanwhile_fails_as_a_concurrency_conflict_and_nothing_is_kept();

    [PostgresFact]
    public Task A_key_already_taken_fails_as_a_failed_save_and_nothing_is_kept_on_postgres() => A_key_already_taken_fails_as_a_failed_save_and_nothing_is_kept();

    [PostgresFact]
    public Task Outside_a_transaction_it_refuses_and_writes_nothing_on_postgres() => Outside_a_transaction_it_refuses_and_writes_nothing();
}
