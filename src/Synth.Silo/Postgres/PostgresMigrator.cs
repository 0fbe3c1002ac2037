using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Synth.Silo.Postgres;

/// <summary>
/// Brings a PostgreSQL database to the schema of this build: applies the pending
/// <see cref="PostgresMigration"/>s in one transaction and records them in <c>synth_schema_migrations</c>.
/// Whoever starts first migrates: the transaction holds an advisory lock, so any number of
/// processes may call this at once on an empty database and all succeed, one doing the work and
/// the others then finding nothing to do. A failed step rolls back every step of the call.
/// </summary>
public sealed partial class PostgresMigrator
{
    /// <summary>The advisory lock key ("Synth" + 1) that serialises migrators on one database.</summary>
    public const long AdvisoryLockKey = 0x53796E7468_000001;

    private readonly string _connectionString;
    private readonly IReadOnlyList<PostgresMigration> _migrations;
    private readonly ILogger _logger;

    public PostgresMigrator(string connectionString, ILogger<PostgresMigrator>? logger = null)
        : this(connectionString, PostgresMigration.All, logger)
    {
    }

    /// <summary>For tests: a migrator with a migration list of its own.</summary>
    internal PostgresMigrator(string connectionString, IReadOnlyList<PostgresMigration> migrations, ILogger<PostgresMigrator>? logger = null)
    {
        _connectionString = connectionString;
        _migrations = migrations;
        _logger = logger ?? NullLogger<PostgresMigrator>.Instance;
    }

    /// <summary>Applies what is pending and returns the versions applied by this call (none when up to date).</summary>
    /// <exception cref="InvalidOperationException">A recorded migration differs from the one of this build.</exception>
    public async Task<IReadOnlyList<PostgresMigration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS synth_schema_migrations
            (
                version    integer      NOT NULL PRIMARY KEY,
                name       varchar(200) NOT NULL,
                checksum   char(64)     NOT NULL,
                applied_at timestamptz  NOT NULL DEFAULT now()
            )
            """, cancellationToken);

        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand("SELECT version, checksum FROM synth_schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        var done = new List<PostgresMigration>();
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Name} differs from the one applied to this database (checksum {checksum}, this build {migration.Checksum}); a released migration must never change.");
                }
                continue;
            }
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO synth_schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
            done.Add(migration);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var migration in done) LogApplied(_logger, migration.Name);
        var newest = applied.Count == 0 ? 0 : applied.Keys.Max();
        if (newest > _migrations.Count) LogNewerSchema(_logger, newest, _migrations.Count);
        return done;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL migration {Migration}")]
    private static partial void LogApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database's schema (version {DatabaseVersion}) is newer than this build's ({BuildVersion}); running on it unchanged")]
    private static partial void LogNewerSchema(ILogger logger, int databaseVersion, int buildVersion);
}
