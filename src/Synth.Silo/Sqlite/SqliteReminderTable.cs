using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Synth.Silo.Sqlite;

/// <summary>
/// Orleans' reminder table in a SQLite file, for the embedded mode. One row per (service, grain,
/// reminder name); the version is the ETag (0 when created, +1 on each upsert); a removal is
/// conditional on it. Hashes are the grain ids' uniform hashes as unsigned 32-bit values, so that
/// a range read (begin, end] with begin ≥ end wraps around the ring as Orleans expects.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders
        (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            start_ticks   INTEGER NOT NULL,
            period_ticks  INTEGER NOT NULL,
            grain_hash    INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_ring ON reminders (service_id, grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_ticks, period_ticks, version";

    private readonly string _serviceId;
    private readonly SqliteDatabase _database;

    public SqliteReminderTable(IOptions<ClusterOptions> clusterOptions, IOptions<SqliteReminderTableOptions> options)
    {
        // Checked here as well as at start-up: the table may be built before the validators run.
        new SqliteStorageOptionsValidator(options.Value, "reminders").ValidateConfiguration();
        _serviceId = clusterOptions.Value.ServiceId;
        _database = new SqliteDatabase(options.Value);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _database.EnsureSchemaAsync(Schema, cancellationToken);

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain");
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return new ReminderTableData(await ReadEntriesAsync(command));
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var condition = begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "(grain_hash > $begin OR grain_hash <= $end)";
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, $"SELECT {Columns} FROM reminders WHERE service_id = $service AND {condition}");
        command.Parameters.AddWithValue("$begin", (long)begin);
        command.Parameters.AddWithValue("$end", (long)end);
        return new ReminderTableData(await ReadEntriesAsync(command));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name");
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        var entries = await ReadEntriesAsync(command);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, """
            INSERT INTO reminders (service_id, grain_id, reminder_name, start_ticks, period_ticks, grain_hash, version)
            VALUES ($service, $grain, $name, $start, $period, $hash, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET start_ticks = excluded.start_ticks, period_ticks = excluded.period_ticks, grain_hash = excluded.grain_hash,
                version = reminders.version + 1
            RETURNING version
            """);
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        var version = (long)(await command.ExecuteScalarAsync())!;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version");
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync() > 0;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "DELETE FROM reminders WHERE service_id = $service");
        await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        return command;
    }

    private static async Task<List<ReminderEntry>> ReadEntriesAsync(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return entries;
    }
}
