using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Synth.Runtime.Hosting;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Runtime.Storage.Sqlite;

namespace Synth.Bench.Runtime;

/// <summary>
/// A fresh database for one bench run: a new SQLite file in a temp dir, or a new PostgreSQL
/// database created on the server of the admin connection string (dropped at the end).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>Per store; several silos must stay under the server's max_connections.</summary>
    public const int PoolSize = 20;

    private readonly string? _adminConnection;
    private readonly string? _tempDir;

    private BenchDatabase(string provider, string connection, string? adminConnection, string? tempDir, string name)
    {
        Provider = provider;
        Connection = connection;
        _adminConnection = adminConnection;
        _tempDir = tempDir;
        Name = name;
    }

    public string Provider { get; }

    /// <summary>SQLite: the database file; PostgreSQL: a connection string with Maximum Pool Size set.</summary>
    public string Connection { get; }

    public string Name { get; }

    public static async Task<BenchDatabase> CreateAsync(string provider, string? adminConnection, string mode)
    {
        var name = $"bench_{mode}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        switch (provider)
        {
            case "sqlite":
            {
                var dir = Directory.CreateTempSubdirectory("synth-bench-runtime-").FullName;
                return new BenchDatabase(provider, Path.Combine(dir, "cluster.db"), null, dir, name);
            }
            case "postgres":
            {
                if (string.IsNullOrWhiteSpace(adminConnection))
                {
                    throw new ArgumentException("--provider postgres needs --postgres CONN or SYNTH_TEST_PG_CONNSTRING (a server where CREATE DATABASE is allowed)");
                }
                adminConnection = PostgresConnectionString.Normalize(adminConnection);
                await using (var admin = new NpgsqlConnection(adminConnection))
                {
                    await admin.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                    await create.ExecuteNonQueryAsync();
                }
                var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Database = name, MaxPoolSize = PoolSize };
                return new BenchDatabase(provider, builder.ConnectionString, adminConnection, null, name);
            }
            default:
                throw new ArgumentException($"--provider must be sqlite or postgres, not '{provider}'");
        }
    }

    public IClusterStore NewStore(ILoggerFactory loggers) => Provider == "sqlite"
        ? new SqliteClusterStore(Connection, loggers.CreateLogger<SqliteClusterStore>())
        : new PostgresClusterStore(Connection, loggers.CreateLogger<PostgresClusterStore>());

    /// <summary>
    /// CPU seconds used so far by each PostgreSQL backend serving this database, by pid (read from
    /// /proc: the server runs on this machine, on loopback). Empty for SQLite or when unreadable.
    /// </summary>
    public async Task<Dictionary<int, double>> BackendCpuAsync()
    {
        var cpu = new Dictionary<int, double>();
        if (_adminConnection is null) return cpu;
        await using var admin = new NpgsqlConnection(_adminConnection);
        await admin.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = @db", admin);
        query.Parameters.AddWithValue("db", Name);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            var seconds = ProcessCpuSeconds(pid);
            if (seconds is not null) cpu[pid] = seconds.Value;
        }
        return cpu;
    }

    /// <summary>CPU used by the backends of this database between two <see cref="BackendCpuAsync"/> readings.</summary>
    public static double CpuBetween(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(a => a.Value - before.GetValueOrDefault(a.Key));

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double? ProcessCpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_tempDir is not null)
        {
            try
            {
                Directory.Delete(_tempDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        if (_adminConnection is not null)
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(_adminConnection);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                BenchLog.Progress($"could not drop database {Name}: {e.Message}");
            }
        }
    }
}

/// <summary>N silos in this process, each with its own store instance on the same database.</summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IClusterStore> _stores = [];

    private BenchCluster(BenchDatabase database, CountingLoggerProvider log)
    {
        Database = database;
        Log = log;
    }

    public BenchDatabase Database { get; }

    public CountingLoggerProvider Log { get; }

    public List<Silo> Silos { get; } = [];

    public static async Task<BenchCluster> StartAsync(BenchDatabase database, int silos)
    {
        var log = new CountingLoggerProvider("  runtime: ");
        var cluster = new BenchCluster(database, log);
        var loggers = log.Factory();
        try
        {
            for (var i = 1; i <= silos; i++)
            {
                var store = database.NewStore(loggers);
                cluster._stores.Add(store);
                var name = $"bench-silo-{i}";
                var services = new ServiceCollection().AddSingleton(new BenchSiloInfo(name)).BuildServiceProvider();
                var silo = new Silo(store, BenchGrains.Registry(), new SiloOptions { Name = name }, services, loggers);
                await silo.StartAsync(CancellationToken.None);
                cluster.Silos.Add(silo);
            }
            // A client reads the membership table at start and then at most once a second: without
            // this, the first silo's client would not see the others yet and place every grain it
            // activates on its own silo.
            foreach (var silo in cluster.Silos) await silo.Client.Membership.RefreshAsync(CancellationToken.None);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await silo.StopAsync(timeout.Token);
            }
            catch (Exception e)
            {
                BenchLog.Progress($"stopping {silo.SiloId} failed: {e.GetType().Name}: {e.Message}");
            }
        }
        foreach (var store in _stores) await store.DisposeAsync();
    }
}
