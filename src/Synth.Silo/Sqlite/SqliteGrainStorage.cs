using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Synth.Silo.Sqlite;

/// <summary>
/// Orleans grain storage in a SQLite file, for the embedded mode (one silo, no server to install).
/// Each (provider, state name, grain id) is one row: the state as the bytes of the configured
/// grain-storage serializer and an integer version that is the ETag. Writes and clears are
/// conditional on the caller's ETag, as with the ADO.NET provider on PostgreSQL: a stale ETag
/// throws <see cref="InconsistentStateException"/> and changes nothing. A clear keeps the row with
/// no state and a new version, so that an activation holding the cleared version's predecessor
/// can never write again.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state
        (
            service_id  TEXT    NOT NULL,
            provider    TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            grain_id    TEXT    NOT NULL,
            payload     BLOB    NULL,
            version     INTEGER NOT NULL,
            modified_at TEXT    NOT NULL,
            PRIMARY KEY (service_id, provider, state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private const string KeyCondition = "service_id = $service AND provider = $provider AND state_name = $state AND grain_id = $grain";

    private readonly string _name;
    private readonly string _serviceId;
    private readonly SqliteGrainStorageOptions _options;
    private readonly SqliteDatabase _database;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;

    public SqliteGrainStorage(string name, string serviceId, SqliteGrainStorageOptions options, IActivatorProvider activatorProvider, ILogger<SqliteGrainStorage> logger)
    {
        // The silo builds providers before it runs the configuration validators: check here too, so
        // that a missing path is reported by name rather than as a bare ArgumentException.
        new SqliteStorageOptionsValidator(options, name).ValidateConfiguration();
        _name = name;
        _serviceId = serviceId;
        _options = options;
        _database = new SqliteDatabase(options);
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", _options.InitStage, InitializeAsync, _ => Task.CompletedTask);

    /// <summary>Creates the table when missing; the silo calls this at <see cref="SqliteGrainStorageOptions.InitStage"/>.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _database.EnsureSchemaAsync(Schema, cancellationToken);
        LogInitialized(_logger, _name, _database.Path, _options.Synchronous);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, $"SELECT payload, version FROM grain_state WHERE {KeyCondition}", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var hasPayload = !reader.IsDBNull(0);
        grainState.State = hasPayload ? _options.GrainStorageSerializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(0))) : CreateInstance<T>();
        grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = hasPayload;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        await using var connection = await _database.OpenAsync();
        await using var command = expected is null
            ? Command(connection, """
                INSERT INTO grain_state (service_id, provider, state_name, grain_id, payload, version, modified_at)
                VALUES ($service, $provider, $state, $grain, $payload, 1, $now)
                ON CONFLICT DO NOTHING
                RETURNING version
                """, stateName, grainId)
            : Command(connection, $"""
                UPDATE grain_state SET payload = $payload, version = version + 1, modified_at = $now
                WHERE {KeyCondition} AND version = $expected
                RETURNING version
                """, stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        if (expected is not null) command.Parameters.AddWithValue("$expected", expected.Value);

        var version = await command.ExecuteScalarAsync();
        if (version is null) throw Conflict("WriteState", stateName, grainId, grainState.ETag);
        grainState.ETag = ((long)version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = ParseETag(grainState.ETag);
        if (expected is null)
        {
            // Nothing was ever read or written by this activation: clearing state that does not
            // exist is a no-op; clearing state that does is a conflict (the caller never saw it).
            await using var probe = await _database.OpenAsync();
            await using var exists = Command(probe, $"SELECT 1 FROM grain_state WHERE {KeyCondition}", stateName, grainId);
            if (await exists.ExecuteScalarAsync() is null)
            {
                grainState.State = CreateInstance<T>();
                grainState.RecordExists = false;
                return;
            }
            throw Conflict("ClearState", stateName, grainId, grainState.ETag);
        }

        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, $"""
            UPDATE grain_state SET payload = NULL, version = version + 1, modified_at = $now
            WHERE {KeyCondition} AND version = $expected
            RETURNING version
            """, stateName, grainId);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$expected", expected.Value);
        var version = await command.ExecuteScalarAsync();
        if (version is null) throw Conflict("ClearState", stateName, grainId, grainState.ETag);
        grainState.ETag = ((long)version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = CreateInstance<T>();
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$provider", _name);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    private static long? ParseETag(string? etag) =>
        string.IsNullOrEmpty(etag) ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : -1; // not one of ours: matches no row, so the write is refused as a conflict

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag)
    {
        LogConflict(_logger, operation, _name, stateName, grainId, etag);
        return new InconsistentStateException(
            $"Version conflict ({operation}): provider {_name}, state {stateName}, grain {grainId}: the stored version is not ETag '{etag ?? "(none)"}'; another activation wrote it.",
            etag ?? "", "");
    }

    private T CreateInstance<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {Name} on {Path} (synchronous {Synchronous})")]
    private static partial void LogInitialized(ILogger logger, string name, string path, SqliteSynchronous synchronous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version conflict ({Operation}) in SQLite grain storage {Name}: state {StateName} of {GrainId}, ETag {ETag}")]
    private static partial void LogConflict(ILogger logger, string operation, string name, string stateName, GrainId grainId, string? etag);
}
