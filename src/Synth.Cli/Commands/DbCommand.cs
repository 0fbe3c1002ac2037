using System.CommandLine;
using System.Net.Sockets;
using Npgsql;
using Synth.Silo.Postgres;

namespace Synth.Cli.Commands;

/// <summary>
/// <c>synth db migrate</c>: brings a cluster's PostgreSQL database to this build's schema, for operators
/// who want an explicit step (silos and the API also migrate when they start, under the same lock).
/// </summary>
public static class DbCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string of the cluster, e.g. \"Host=db;Database=synth;Username=synth;Password=…\" (env Synth__Postgres)",
        };
        var migrate = new Command("migrate", "Apply the pending schema migrations (Orleans membership, grain state, reminders); safe to run while silos start, a no-op when up to date")
        {
            postgres,
        };
        migrate.SetAction((r, ct) => MigrateAsync(r.GetValue(postgres) ?? Environment.GetEnvironmentVariable("Synth__Postgres"), ct));
        return new Command("db", "Manage the cluster's PostgreSQL database") { migrate };
    }

    private static async Task<int> MigrateAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var builder = Parse(connectionString);
        try
        {
            var applied = await new PostgresMigrator(builder.ConnectionString).MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0
                ? $"database {builder.Database} is up to date (schema version {PostgresMigration.All.Count})"
                : $"database {builder.Database}: applied {string.Join(", ", applied.Select(m => m.Name))} (schema version {PostgresMigration.All.Count})");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            // One line, never the connection string itself: it may hold a password.
            Console.Error.WriteLine($"error: database {builder.Database} on {builder.Host}:{builder.Port}: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>The connection string, checked before anything connects; a bad one is the user's input to fix (exit 2).</summary>
    internal static NpgsqlConnectionStringBuilder Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UsageException("--postgres: required (or set Synth__Postgres): the cluster's PostgreSQL connection string, e.g. \"Host=db;Database=synth;Username=synth\"");
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException($"--postgres: not a PostgreSQL connection string ({e.Message.ReplaceLineEndings(" ")}); expected key=value pairs such as \"Host=db;Database=synth;Username=synth\"");
        }
        if (string.IsNullOrWhiteSpace(builder.Host)) throw new UsageException("--postgres: the connection string names no Host, e.g. \"Host=db;Database=synth;Username=synth\"");
        if (string.IsNullOrWhiteSpace(builder.Database)) throw new UsageException("--postgres: the connection string names no Database, e.g. \"Host=db;Database=synth;Username=synth\"");
        return builder;
    }
}
