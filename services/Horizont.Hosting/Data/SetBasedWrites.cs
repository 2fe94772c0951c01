using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Horizont.Hosting.Data;

/// <summary>
/// Writes the rows of a unit of work that EF Core would send through its update pipeline one by one (an insert, a delete
/// by key) without it: on PostgreSQL as one statement per table, <c>INSERT … SELECT * FROM unnest(…)</c> and
/// <c>DELETE … WHERE (key) IN (SELECT * FROM unnest(…))</c> with one array per column; on SQLite, in the same process
/// and without round trips, as one prepared statement run per row. For a batch that adds thousands of append-only rows,
/// such as a reminder sweep's, EF Core's pipeline (commands, parameters and result checks per row) costs more than the
/// database's own work.
/// </summary>
/// <remarks>
/// Only what is safe to take out of SaveChanges is written here; everything else is left to it: a row of another type, a
/// modified row, an added row whose principal the unit of work tracks (its navigation would add it again), a deleted row
/// other rows refer to, a type with inheritance, owned parts, a concurrency token, a primitive collection (a list stored
/// in one column), a foreign key of several columns, or without a table. The column values go through the same type mappings and value converters
/// SaveChanges uses. Written rows leave the unit of work (detached): neither the save nor its scan for changes looks at
/// them again, and a key the store chose is not read back.
/// </remarks>
public static class SetBasedWrites
{
    /// <summary>Rows per statement on PostgreSQL, where each column is one array parameter.</summary>
    private const int MaxRowsPerArray = 10_000;

    /// <summary>
    /// Writes the added and deleted rows of <paramref name="types"/> in the unit of work's current transaction (one must be
    /// open: SaveChanges then commits the rest in the same one). Fails with a <see cref="DbUpdateException"/> as SaveChanges
    /// would: a unique key already taken, or (<see cref="DbUpdateConcurrencyException"/>) a row to delete that is gone.
    /// </summary>
    /// <returns>The rows written.</returns>
    public static async Task<int> WriteAsync(DbContext db, IReadOnlyCollection<Type> types, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Set-based writes run inside the transaction SaveChanges completes; begin one first.");

        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // The states as the unit of work set them (the reminder planner changes rows through the tracker); the
            // save's own scan comes after, for what is left.
            var tracked = db.ChangeTracker.Entries().ToList();
            var written = 0;
            var pending = tracked
                .Where(e => e.State is EntityState.Added or EntityState.Deleted && types.Contains(e.Metadata.ClrType))
                .GroupBy(e => (e.Metadata, e.State))
                .Where(g => Supported(g.Key.Metadata))
                // Deletes first: a row deleted and added again with the same key (EF Core tracks both) must not collide.
                .OrderBy(g => g.Key.State == EntityState.Deleted ? 0 : 1)
                .ToList();
            foreach (var group in pending)
            {
                if (group.Key.State == EntityState.Deleted)
                {
                    // SaveChanges orders a principal's delete after its dependents'; a row others refer to is left to it.
                    if (group.Key.Metadata.GetReferencingForeignKeys().Any())
                        continue;
                    written += await DeleteAsync(db, group.Key.Metadata, group.ToList(), cancellationToken);
                    continue;
                }

                var principals = TrackedPrincipals(group.Key.Metadata, tracked);
                var rows = group.Where(e => !HasTrackedPrincipal(e, principals)).ToList();
                // A key the store generates is left out of the statement; a row that brings its own value for it is left to SaveChanges.
                var generated = group.Key.Metadata.GetProperties().Where(p => p.IsKey() && p.ValueGenerated != ValueGenerated.Never).ToList();
                rows = rows.Where(e => generated.All(p => e.Property(p.Name).IsTemporary)).ToList();
                written += await InsertAsync(db, group.Key.Metadata, rows, generated, cancellationToken);
            }

            return written;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static bool Supported(IEntityType type) =>
        type.GetTableName() is not null
        && type.BaseType is null
        && !type.GetDirectlyDerivedTypes().Any()
        && !type.IsOwned()
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
        && !type.GetComplexProperties().Any()
        && !type.GetProperties().Any(p => p.IsConcurrencyToken || p.IsPrimitiveCollection)
        && type.GetForeignKeys().All(fk => fk.Properties.Count == 1);

    /// <summary>For each foreign key of <paramref name="type"/> (one column each), the keys of its principals the unit of work tracks.</summary>
    private static List<(IProperty Column, HashSet<object?> Tracked)> TrackedPrincipals(IEntityType type, List<EntityEntry> tracked) =>
        type.GetForeignKeys()
            .Select(fk => (fk.Properties[0], tracked
                .Where(e => fk.PrincipalEntityType.IsAssignableFrom(e.Metadata))
                .Select(e => e.CurrentValues[fk.PrincipalKey.Properties[0]])
                .ToHashSet()))
            .ToList();

    /// <summary>
    /// Whether a principal of the row is tracked: its collection may hold the row (a case's history), and the save's scan
    /// would find it there and insert it again, so such a row is left to SaveChanges.
    /// </summary>
    private static bool HasTrackedPrincipal(EntityEntry entry, List<(IProperty Column, HashSet<object?> Tracked)> principals) =>
        principals.Any(p => entry.CurrentValues[p.Column] is { } value && p.Tracked.Contains(value));

    private static async Task<int> InsertAsync(DbContext db, IEntityType type, List<EntityEntry> rows, List<IProperty> leftOut, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return 0;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => !leftOut.Contains(p) && p.GetColumnName(table) is not null).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) ";
        await WriteRowsAsync(db, sql, columns, rows, (row, p) => row.CurrentValues[p], $"insert into {table.Name}",
            arrays => $"{head}SELECT * FROM unnest({arrays})", values => $"{head}VALUES ({values})", cancellationToken);
        return rows.Count;
    }

    private static async Task<int> DeleteAsync(DbContext db, IEntityType type, List<EntityEntry> rows, CancellationToken cancellationToken)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties.ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"DELETE FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE ({string.Join(", ", key.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) ";
        await WriteRowsAsync(db, sql, key, rows, (row, p) => row.OriginalValues[p], $"delete from {table.Name}",
            arrays => $"{head}IN (SELECT * FROM unnest({arrays}))", values => $"{head}= ({values})", cancellationToken);
        return rows.Count;
    }

    /// <summary>
    /// Runs <paramref name="forArrays"/> per chunk on PostgreSQL, <paramref name="forOneRow"/> per row on SQLite, and lets
    /// go of the rows once they are written.
    /// </summary>
    private static async Task WriteRowsAsync(
        DbContext db, ISqlGenerationHelper sql, List<IProperty> columns, List<EntityEntry> rows, Func<EntityEntry, IProperty, object?> valueOf, string what,
        Func<string, string> forArrays, Func<string, string> forOneRow, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            foreach (var chunk in rows.Chunk(MaxRowsPerArray))
            {
                var (arrays, parameters) = Arrays(db, sql, columns, chunk, valueOf);
                await ExecuteAsync(db, forArrays(arrays), parameters, chunk.Length, what, cancellationToken);
            }
        }
        else
        {
            var values = string.Join(", ", columns.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)));
            await ExecutePerRowAsync(db, sql, forOneRow(values), columns, rows, valueOf, what, cancellationToken);
        }

        foreach (var row in rows)
            row.State = EntityState.Detached;
    }

    /// <summary>
    /// The rows' values as one array parameter per column, for <c>unnest(@p0::type[], …)</c>: a statement of a few
    /// parameters, parsed and planned in no time, whatever the rows.
    /// </summary>
    private static (string Sql, List<DbParameter> Parameters) Arrays(
        DbContext db, ISqlGenerationHelper sql, List<IProperty> columns, EntityEntry[] rows, Func<EntityEntry, IProperty, object?> valueOf)
    {
        using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter>(columns.Count);
        var arrays = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var mapping = columns[i].GetRelationalTypeMapping();
            var element = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            if (element.IsValueType && columns[i].IsNullable && Nullable.GetUnderlyingType(element) is null)
                element = typeof(Nullable<>).MakeGenericType(element);
            var array = Array.CreateInstance(element, rows.Length);
            for (var r = 0; r < rows.Length; r++)
            {
                // The property's value converter (ticks for a time, text for an enum), as SaveChanges applies it.
                var value = valueOf(rows[r], columns[i]);
                array.SetValue(value is null ? null : mapping.Converter?.ConvertToProvider(value) ?? value, r);
            }

            var parameter = factory.CreateParameter();
            parameter.ParameterName = sql.GenerateParameterName("p" + i);
            parameter.Value = array;
            parameters.Add(parameter);
            arrays.Append(i == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder("p" + i)).Append("::").Append(mapping.StoreType).Append("[]");
        }

        return (arrays.ToString(), parameters);
    }

    /// <summary>
    /// SQLite, in the same process: one prepared statement run once per row on the unit of work's connection and
    /// transaction. No round trips to save, and a multi-row statement is slower there: Microsoft.Data.Sqlite binds every
    /// parameter by name, and SQLite finds a name by walking the statement's list of them.
    /// </summary>
    private static async Task ExecutePerRowAsync(
        DbContext db, ISqlGenerationHelper sql, string statement, List<IProperty> columns, List<EntityEntry> rows,
        Func<EntityEntry, IProperty, object?> valueOf, string what, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = statement;
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
            command.CommandTimeout = timeout;
        var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToList();
        await ReportedAsSaveChangesAsync(rows.Count, what, async () =>
        {
            var affected = 0;
            foreach (var row in rows)
            {
                command.Parameters.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    // The property's mapping applies its value converter and store type, as SaveChanges does.
                    command.Parameters.Add(mappings[i].CreateParameter(command, sql.GenerateParameterName("p" + i), valueOf(row, columns[i]), columns[i].IsNullable));
                }

                affected += await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return affected;
        });
    }

    private static Task ExecuteAsync(DbContext db, string statement, List<DbParameter> parameters, int expected, string what, CancellationToken cancellationToken) =>
        ReportedAsSaveChangesAsync(expected, what, () => db.Database.ExecuteSqlRawAsync(statement, parameters, cancellationToken));

    /// <summary>
    /// Runs the statements of <paramref name="what"/>; a failing one or a row count other than expected is reported as
    /// SaveChanges reports it. The message names the table only: the database's own text, kept in the inner exception,
    /// may quote a row's values.
    /// </summary>
    private static async Task ReportedAsSaveChangesAsync(int expected, string what, Func<Task<int>> run)
    {
        int affected;
        try
        {
            affected = await run();
        }
        catch (DbException ex)
        {
            throw new DbUpdateException($"The set-based {what} failed; see the inner exception.", ex);
        }

        if (affected != expected)
        {
            // A row to delete that another writer deleted (or changed the key of) meanwhile.
            throw new DbUpdateConcurrencyException($"The set-based {what} expected {expected} rows and affected {affected}; some were changed meanwhile.");
        }
    }
}
