using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Grains;
using Synth.Grains.Jobs;
using Synth.Runtime.Calls;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;
using Synth.Runtime.Storage.Postgres;
using Synth.Storage.Composition;
using Synth.Storage.Local;
using SiloStatus = Synth.Runtime.Storage.SiloStatus; // Orleans.Runtime (implicit using) has one too

namespace Synth.Cli.Tests;

/// <summary>
/// A job on a real cluster: two `synth silo` processes on PostgreSQL sharing an artifact
/// directory. One is killed with SIGKILL while it generates a shard; the job still succeeds,
/// with the bytes `synth run` writes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JobClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _artifacts = new();
    private readonly List<Process> _silos = [];
    private PostgresTestDatabase _database = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("synth_jobs_");
        _connectionString = _database.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (!silo.HasExited) silo.Kill(entireProcessTree: true);
            silo.Dispose();
        }
        _artifacts.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_job_survives_kill_9_of_a_silo_generating_one_of_its_shards_and_publishes_the_bytes_of_synth_run()
    {
        var spec = new JobSpec { SchemaText = SeedSchema, Rows = 3_000_000, Format = "csv", Seed = 7, ShardRows = 100_000 };
        StartSilo("silo-a");
        StartSilo("silo-b");
        await using var store = new PostgresClusterStore(_connectionString);
        var a = await WaitForSiloAsync(store, "silo-a");
        await WaitForSiloAsync(store, "silo-b");
        await using var client = new ClusterClient(store, new GrainTypeRegistry().AddSynthGrains());
        await client.StartAsync(CancellationToken.None);
        var id = JobIds.New();
        var job = client.Get<IJobGrain>(id);

        await job.SubmitAsync(spec);
        // Kill silo-a while its stored claims show it generating a shard, after some shards are done.
        var (running, done) = await WaitForClaimAsync(id, a.SiloId);
        using (var kill = Process.Start("kill", ["-KILL", _silos[0].Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        var final = await WaitUntilFinalAsync(job, TimeSpan.FromMinutes(3));

        running.Should().BeGreaterThan(0);
        done.Should().BeLessThan(30, "the kill must come before the job ends");
        final.Status.Should().Be(JobStatus.Succeeded, final.Error);
        var manifest = (await ArtifactManifest.LoadAsync(new LocalArtifactStore(_artifacts.Path), final.Files.Single().ManifestKey))!;
        await using var download = await ComposedArtifact.OpenReadAsync(new LocalArtifactStore(_artifacts.Path), manifest);
        Convert.ToHexString(await SHA256.HashDataAsync(download)).Should().Be(SynthRunSha256(spec));
    }

    private const string SeedSchema = """
        { "id": {"type": "int", "min": 1000, "max": 9999}, "name": {"type": "name"}, "email": {"type": "email"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "status": {"type": "category", "categories": ["active","inactive","pending"], "probabilities": [0.7, 0.2, 0.1]} }
        """;

    private static string SynthRunSha256(JobSpec spec)
    {
        var format = OutputFormats.Create(spec.Format, new FormatOptions());
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var output = new HashingStream(sha);
        GenerationRunner.Run(CompiledSchema.Compile(SchemaReader.Read(spec.SchemaText), spec.Seed, spec.Rows), format, spec.Rows, output, new GenerationOptions());
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private void StartSilo(string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "synth.dll"), "silo", "--postgres", _connectionString, "--name", name })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Synth__Artifacts__Local__RootDirectory"] = _artifacts.Path;
        // One thread and short shards: both silos take part, and the job lasts long enough to kill one mid-way.
        start.Environment["Synth__Jobs__Threads"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _silos.Add(Process.Start(start)!);
    }

    private static async Task<SiloRecord> WaitForSiloAsync(PostgresClusterStore store, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var match = (await store.GetSilosAsync(CancellationToken.None)).FirstOrDefault(s => s.Name == name && s.Status == SiloStatus.Active);
                if (match is not null) return match;
            }
            catch (PostgresException)
            {
                // The first silo has not created the tables yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"silo {name} never joined");
    }

    /// <summary>Reads the job's durable state until a shard is claimed by <paramref name="siloId"/> and at least one is done; returns (running on it, done).</summary>
    private async Task<(int Running, int Done)> WaitForClaimAsync(string jobId, string siloId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var read = new NpgsqlCommand("SELECT data FROM grain_state WHERE grain_id = @id", connection);
            read.Parameters.AddWithValue("id", "IJobGrain/" + jobId);
            if (await read.ExecuteScalarAsync() is byte[] data)
            {
                var state = JsonSerializer.Deserialize<JobState>(data)!;
                var running = state.Shards.Count(s => s.Status == ShardStatus.Running && s.Silo == siloId);
                var done = state.Shards.Count(s => s.Status == ShardStatus.Done);
                if (running > 0 && done > 0) return (running, done);
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("silo-a never claimed a shard");
    }

    private static async Task<JobInfo> WaitUntilFinalAsync(IJobGrain job, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var info = (await job.GetAsync())!;
            if (info.Status.IsFinal()) return info;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the job is still {info.Status}: {info.Progress}");
            await Task.Delay(200);
        }
    }

    /// <summary>A write-only stream that hashes what it is given.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
