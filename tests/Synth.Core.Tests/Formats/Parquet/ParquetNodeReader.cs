using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// Runs tests/node/read-parquet.mjs, which reads a file with DuckDB or hyparquet, and hands
/// back its JSON lines. A machine without Node or without tests/node/node_modules fails the
/// test with instructions; it never passes silently.
/// </summary>
internal static class ParquetNodeReader
{
    private const string SetupHint =
        "Run ./test from the repository root (it runs `npm ci` in tests/node), or `cd tests/node && npm ci` by hand.";

    private static readonly Lazy<string> NodeDirectory = new(FindNodeDirectory);

    /// <summary>Streams the rows of <paramref name="file"/> as read by <paramref name="reader"/> ("duckdb" or "hyparquet").</summary>
    public static IEnumerable<JsonElement[]> ReadRows(string file, string reader)
    {
        foreach (var line in Run(file, "--reader", reader, "--mode", "rows"))
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
        }
    }

    /// <summary>DuckDB's DESCRIBE of the file: column name → DuckDB type.</summary>
    public static IReadOnlyList<(string Name, string Type)> Describe(string file) =>
        Run(file, "--mode", "describe")
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                return (document.RootElement.GetProperty("name").GetString()!, document.RootElement.GetProperty("type").GetString()!);
            })
            .ToList();

    /// <summary>DuckDB's parquet_metadata() joined with parquet_file_metadata(): one entry per column chunk.</summary>
    public static IReadOnlyList<Dictionary<string, string?>> Metadata(string file) =>
        Run(file, "--mode", "metadata")
            .Select(line => JsonSerializer.Deserialize<Dictionary<string, string?>>(line)!)
            .ToList();

    /// <summary>Runs one SQL query in DuckDB (tests/node/query-duckdb.mjs): each result row as JSON values.</summary>
    public static IReadOnlyList<JsonElement[]> Query(string sql) =>
        RunScript("query-duckdb.mjs", [sql])
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
            })
            .ToList();

    private static IEnumerable<string> Run(string file, params string[] arguments) => RunScript("read-parquet.mjs", [file, .. arguments]);

    private static IEnumerable<string> RunScript(string script, string[] arguments)
    {
        var directory = NodeDirectory.Value;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Node.js is not on PATH ({e.Message}); the Parquet read-back tests need it. {SetupHint}");
            yield break;
        }

        using (process)
        {
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (stderr)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();

            while (process.StandardOutput.ReadLine() is { } line)
            {
                yield return line;
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                lock (stderr)
                {
                    Assert.Fail($"{script} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{stderr}");
                }
            }
        }
    }

    private static string FindNodeDirectory()
    {
        var root = FindRepositoryRoot();
        var directory = Path.Combine(root, "tests", "node");
        string[] packages = ["@duckdb/node-api", "hyparquet", "hyparquet-compressors"];
        var missing = packages.Where(p => !Directory.Exists(Path.Combine(directory, "node_modules", p))).ToArray();
        if (missing.Length > 0)
        {
            Assert.Fail($"tests/node/node_modules lacks {string.Join(", ", missing)}; the Parquet read-back tests need them. {SetupHint}");
        }
        return directory;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Synth.Orleans.sln")))
            {
                return directory.FullName;
            }
        }
        Assert.Fail($"No folder above {AppContext.BaseDirectory} holds Synth.Orleans.sln, so tests/node cannot be found.");
        return string.Empty;
    }
}
