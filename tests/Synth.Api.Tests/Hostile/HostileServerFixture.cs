using System.Globalization;
using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Hostile;

/// <summary>
/// A real <c>synth serve</c> process for the hostile-input suite, with one dataset (its domain
/// confirmed), one model, one job and one stored schema whose ids the hostile paths use, and a
/// reading of the server's peak resident memory (the kernel's VmHWM) after every case.
/// </summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _dir = new();
    private ChildProcess? _serve;

    public HttpClient Client { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Ids { get; private set; } = new Dictionary<string, string>();

    internal ChildProcess Server => _serve!;

    public async Task InitializeAsync()
    {
        _serve = new ChildProcess("dotnet", [RepositoryPaths.SynthDll, "serve", "--port", "0", "--data-dir", "data"], _dir.Path,
            new Dictionary<string, string> { ["SYNTH_LOG_LEVEL"] = "error" });
        var line = _serve.ReadLine(Patience);
        Client = new HttpClient { BaseAddress = new Uri(line["Synth is listening on ".Length..]), Timeout = TimeSpan.FromMinutes(2) };

        var dataset = await PrivateSynthesis.ReadyDatasetAsync(Client, rows: 300, epsilon: 100);
        var (model, fitJob) = await PrivateSynthesis.FitAsync(Client, dataset, new { method = "independent", epsilon = 0.5, seed = 1 });
        (await TestSupport.Jobs.WaitForFinalAsync(Client, fitJob)).GetProperty("status").GetString().Should().Be("Succeeded");
        var job = await TestSupport.Jobs.RunToSuccessAsync(Client, new { schemaText = TestSchemas.Seed, rows = 100, format = "csv", seed = 1 });
        var schema = await (await Client.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Yaml })).ReadJsonAsync();
        Ids = new Dictionary<string, string>
        {
            ["{dataset}"] = dataset,
            ["{model}"] = model,
            ["{job}"] = job.GetProperty("id").GetString()!,
            ["{schema}"] = schema.GetProperty("id").GetString()!,
        };
    }

    /// <summary>The most resident memory the server has held since it started, in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Server.Process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmHWM line in /proc/<pid>/status");
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _serve?.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
