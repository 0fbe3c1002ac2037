using System.Diagnostics;
using System.Text;

namespace Synth.Core.Tests.Formats.Text;

/// <summary>
/// A fresh, empty UTF-8 database on the PostgreSQL that <c>./test</c> starts (connection URI in
/// SYNTH_TEST_PG), created for one test class and dropped after it. Everything goes through
/// <c>psql</c>, because loading a generated SQL file with psql is exactly what a user does.
/// </summary>
public sealed class PostgresScratchDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "SYNTH_TEST_PG";

    private readonly string? _serverUri = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private readonly string _name = "synth_text_" + Guid.NewGuid().ToString("N")[..12];
    private string? _databaseUri;

    /// <summary>The scratch database's URI; fails the calling test when SYNTH_TEST_PG is not set.</summary>
    public string Uri
    {
        get
        {
            if (string.IsNullOrWhiteSpace(_serverUri))
            {
                Assert.Fail($"{EnvironmentVariable} is not set. Run ./test, which starts a private PostgreSQL and exports it " +
                            $"(or export {EnvironmentVariable}=postgresql://user@host:port/postgres yourself).");
            }
            return _databaseUri!;
        }
    }

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_serverUri))
        {
            return;
        }
        await PsqlAsync(_serverUri, "-c", $"CREATE DATABASE {_name} ENCODING 'UTF8' TEMPLATE template0");
        _databaseUri = new UriBuilder(_serverUri) { Path = "/" + _name }.Uri.ToString();
    }

    public async Task DisposeAsync()
    {
        if (_databaseUri is not null)
        {
            await PsqlAsync(_serverUri!, "-c", $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }

    /// <summary>Runs psql against this database with ON_ERROR_STOP and returns its standard output.</summary>
    public Task<string> RunAsync(params string[] arguments) => PsqlAsync(Uri, arguments);

    private static async Task<string> PsqlAsync(string uri, params string[] arguments)
    {
        var start = new ProcessStartInfo("psql")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-X"); // no ~/.psqlrc
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add("ON_ERROR_STOP=1");
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(uri);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGCLIENTENCODING"] = "UTF8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start psql");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }
        return await output;
    }
}
