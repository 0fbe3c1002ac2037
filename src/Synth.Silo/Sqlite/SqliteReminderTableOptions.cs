namespace Synth.Silo.Sqlite;

/// <summary>Options of the <see cref="SqliteReminderTable"/>.</summary>
public sealed class SqliteReminderTableOptions : SqliteStorageOptions
{
}
