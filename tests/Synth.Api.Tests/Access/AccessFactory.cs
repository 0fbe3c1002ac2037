using System.Text.Json;
using Synth.Api.Tests.TestSupport;

namespace Synth.Api.Tests.Access;

/// <summary>
/// The embedded server in mode keys with what user "ann" owns: a succeeded job, a dataset with a
/// confirmed domain, a ready model fitted on it and a running stream (one record a second). Quotas are off here (ann keeps queued jobs);
/// <see cref="QuotaTests"/> has its own.
/// </summary>
public sealed class AccessFactory : TestUsersFactory
{
    public const string Owner = "ann";
    public const string Other = "bob";

    private readonly SemaphoreSlim _lock = new(1, 1);
    private OwnedIds? _shared;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Synth:Quotas:RequestsPerMinute"] = "0",
        ["Synth:Quotas:ConcurrentJobs"] = "0",
        ["Synth:Quotas:ConcurrentStreams"] = "0",
    };

    /// <summary>Ann's resources, made once for the whole class.</summary>
    public async Task<OwnedIds> SharedAsync()
    {
        await _lock.WaitAsync();
        try
        {
            return _shared ??= await MakeAsync(withModel: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A new queued job, dataset and stream of ann's (with the shared job and model), for a request that changes them.</summary>
    public async Task<OwnedIds> FreshAsync()
    {
        var shared = await SharedAsync();
        var fresh = await MakeAsync(withModel: false);
        return fresh with { Job = shared.Job, Model = shared.Model, StoppedStream = shared.StoppedStream };
    }

    /// <summary>A stream that runs until stopped, one record a second.</summary>
    public static readonly object RunningStream = new { schemaText = TestSchemas.Seed, rate = 1, format = "csv" };

    /// <summary>A stream of five records that has stopped: its event stream ends after them.</summary>
    private static async Task<string> StoppedStreamAsync(HttpClient ann)
    {
        var id = (await (await ann.PostJsonAsync("/streams", new { schemaText = TestSchemas.Seed, rate = "max", limit = 5 })).ReadJsonAsync()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await (await ann.GetAsync($"/streams/{id}")).ReadJsonAsync()).GetProperty("status").GetString() != "Stopped")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"stream {id} did not stop after its limit");
            await Task.Delay(50);
        }
        return id;
    }

    private async Task<OwnedIds> MakeAsync(bool withModel)
    {
        var ann = ClientFor(Owner);
        var job = withModel ? (await TestSupport.Jobs.RunToSuccessAsync(ann, new { schemaText = TestSchemas.Seed, rows = 100 })).GetProperty("id").GetString()! : "";
        // No silo has this tag: the job stays queued, so it can be cancelled and costs nothing.
        var queued = await TestSupport.Jobs.SubmitAsync(ann, new { schemaText = TestSchemas.Seed, rows = 100, requiredTags = new[] { "absent-tag" } });
        var dataset = await PrivateSynthesis.ReadyDatasetAsync(ann, rows: 40, epsilon: 100);
        var model = "";
        if (withModel)
        {
            var (id, fit) = await PrivateSynthesis.FitAsync(ann, dataset, new { method = "nonprivate" });
            await TestSupport.Jobs.WaitForFinalAsync(ann, fit);
            await PrivateSynthesis.WaitForModelAsync(ann, id, "Ready");
            model = id;
        }
        var schema = (await (await ann.PostJsonAsync("/schemas", new { schemaText = TestSchemas.Seed })).ReadJsonAsync()).GetProperty("id").GetString()!;
        var stream = (await (await ann.PostJsonAsync("/streams", RunningStream)).ReadJsonAsync()).GetProperty("id").GetString()!;
        var stopped = withModel ? await StoppedStreamAsync(ann) : "";
        // A generator nothing uses (it can be deleted), and a streamer of another one.
        var generator = "gen-" + Guid.NewGuid().ToString("N")[..12];
        (await ann.PostJsonAsync("/generators", new { name = generator, schemaText = TestSchemas.Seed })).EnsureSuccessStatusCode();
        var streamer = "str-" + Guid.NewGuid().ToString("N")[..12];
        (await ann.PostJsonAsync("/generators", new { name = streamer + "-gen", schemaText = TestSchemas.Seed })).EnsureSuccessStatusCode();
        (await ann.PostJsonAsync("/streamers", new { name = streamer, generator = streamer + "-gen", rate = 1 })).EnsureSuccessStatusCode();
        return new OwnedIds(job, queued, dataset, model, schema, stream, stopped, generator, streamer);
    }
}

/// <summary>Ids of what the owner holds (and a stored schema, which is nobody's: schemas are shared, named by the hash of their text).</summary>
public sealed record OwnedIds(string Job, string QueuedJob, string Dataset, string Model, string Schema, string Stream, string StoppedStream, string Generator, string Streamer)
{
    public override string ToString() => JsonSerializer.Serialize(this);
}
