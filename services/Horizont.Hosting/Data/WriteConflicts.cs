using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Horizont.Hosting.Data;

/// <summary>
/// Tells a write that lost a race against a concurrent write of the same thing (answer 409 and let the user reload)
/// from a real failure (500). Both stores, since the same code runs on either: the version check of an aggregate
/// (<see cref="DbUpdateConcurrencyException"/>); on PostgreSQL a unique key two transactions inserted at once (e.g. the
/// reminder schedule rows both replanned), a serialization failure or a deadlock between them; on SQLite a database
/// still busy or locked by the other writer after the busy timeout, or a unique key inserted by both.
/// </summary>
public static class WriteConflicts
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>Whether <paramref name="exception"/> (or what it wraps) is a lost race between concurrent writes.</summary>
    public static bool IsConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                    return true;
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                    return true;
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return true;
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique }:
                    return true;
            }
        }

        return false;
    }
}
