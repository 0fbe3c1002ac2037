using Orleans.Runtime;

namespace Synth.Silo.Sqlite;

/// <summary>Checks a SQLite provider's options when the silo starts, naming the provider and the setting.</summary>
public sealed class SqliteStorageOptionsValidator(SqliteStorageOptions options, string providerName) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new OrleansConfigurationException($"SQLite provider '{providerName}': {nameof(SqliteStorageOptions.DatabasePath)} is required (the database file, e.g. ./synth-data/grains.db).");
        }
        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new OrleansConfigurationException($"SQLite provider '{providerName}': {nameof(SqliteStorageOptions.BusyTimeout)} must be positive (was {options.BusyTimeout}).");
        }
        if (!Enum.IsDefined(options.Synchronous))
        {
            throw new OrleansConfigurationException($"SQLite provider '{providerName}': {nameof(SqliteStorageOptions.Synchronous)} must be Normal or Full (was {options.Synchronous}).");
        }
    }
}
