using System.Security.Cryptography;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Grains.Jobs;
using Synth.Storage.Composition;
using Synth.Storage.Local;

namespace Synth.Cli.Tests;

/// <summary>
/// A job on a real cluster: two `synth silo` processes on PostgreSQL sharing an artifact
/// directory. One is killed with SIGKILL while it generates a shard; the job still succeeds,
/// with the bytes `synth run` writes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JobClusterTests : ClusterTest
{
    [Fact]
    public async Task A_job_survives_kill_9_of_a_silo_generating_one_of_its_shards_and_publishes_the_bytes_of_synth_run()
    {
        // The job: 20M rows (about 1.8 GB of CSV) in 40 shards.
        var spec = new JobSpec { SchemaText = SeedSchema, Rows = 20_000_000, Format = "csv", Seed = 7, ShardRows = 500_000 };
        await using var silos = NewSilos();
        var a = silos.Start("silo-a");
        silos.Start("silo-b");
        var client = await silos.JoinedAsync(2);
        var id = JobIds.New();
        var job = client.GetGrain<IJobGrain>(id);

        await job.SubmitAsync(spec);
        // Kill silo-a once both silos generate (one slot each) and some shards are done.
        var before = await WaitForAsync(job, p => p.ShardsDone > 0 && p.ShardsRunning >= 2);
        await SiloProcesses.SignalAsync(a, "KILL");
        var final = await WaitUntilFinalAsync(job, TimeSpan.FromMinutes(8));

        before.ShardsDone.Should().BeLessThan(40, "the kill must come before the job ends");
        final.Status.Should().Be(JobStatus.Succeeded, final.Error);
        (await ShaOfAsync(final)).Should().Be(SynthRunSha256(spec));
    }

    [Fact]
    public async Task A_job_needing_the_gpu_tag_waits_queued_until_a_gpu_silo_joins_then_runs_there()
    {
        var spec = new JobSpec { SchemaText = SeedSchema, Rows = 200_000, Format = "csv", Seed = 3, ShardRows = 50_000, RequiredTags = ["gpu"] };
        await using var silos = NewSilos();
        silos.Start("plain");
        var client = await silos.JoinedAsync(1);
        var job = client.GetGrain<IJobGrain>(JobIds.New());

        await job.SubmitAsync(spec);
        // The plain silo polls for work every 2 s and is woken by the job's announcement: give it both chances.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var waiting = (await job.GetAsync())!;
        silos.Start("gpu-1", tags: "gpu");
        var final = await WaitUntilFinalAsync(job, TimeSpan.FromMinutes(2));

        waiting.Status.Should().Be(JobStatus.Queued);
        waiting.Progress.ShardsRunning.Should().Be(0);
        final.Status.Should().Be(JobStatus.Succeeded, final.Error);
        (await ShaOfAsync(final)).Should().Be(SynthRunSha256(spec));
    }

    [Fact]
    public async Task A_job_survives_a_rolling_restart_of_both_silos_and_publishes_the_bytes_of_synth_run()
    {
        var spec = new JobSpec { SchemaText = SeedSchema, Rows = 6_000_000, Format = "csv", Seed = 11, ShardRows = 100_000 };
        await using var silos = NewSilos();
        var a = silos.Start("silo-a");
        var b = silos.Start("silo-b");
        var client = await silos.JoinedAsync(2);
        var job = client.GetGrain<IJobGrain>(JobIds.New());

        await job.SubmitAsync(spec);
        await WaitForAsync(job, p => p.ShardsDone > 0);
        var restarts = 0;
        foreach (var (old, name) in new[] { (a, "silo-a"), (b, "silo-b") })
        {
            // SIGTERM: the silo hands its grains over and stops its shards; a new one takes its place.
            await SiloProcesses.SignalAsync(old, "TERM");
            old.WaitForExit(TimeSpan.FromSeconds(60)).Should().BeTrue();
            old.ExitCode.Should().Be(0);
            silos.Start(name);
            await silos.JoinedAsync(2);
            restarts++;
        }
        var final = await WaitUntilFinalAsync(job, TimeSpan.FromMinutes(4));

        restarts.Should().Be(2);
        final.Status.Should().Be(JobStatus.Succeeded, final.Error);
        (await ShaOfAsync(final)).Should().Be(SynthRunSha256(spec));
    }

    private async Task<string> ShaOfAsync(JobInfo final)
    {
        var store = new LocalArtifactStore(Artifacts.Path);
        var manifest = (await ArtifactManifest.LoadAsync(store, final.Files.Single().ManifestKey))!;
        await using var download = await ComposedArtifact.OpenReadAsync(store, manifest);
        return Convert.ToHexString(await SHA256.HashDataAsync(download));
    }

    private static async Task<JobProgress> WaitForAsync(IJobGrain job, Func<JobProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var info = (await job.GetAsync())!;
            if (condition(info.Progress)) return info.Progress;
            if (info.Status.IsFinal() || DateTime.UtcNow > deadline) throw new TimeoutException($"the job never got there: {info.Status}, {info.Progress}");
            await Task.Delay(20);
        }
    }

    private static async Task<JobInfo> WaitUntilFinalAsync(IJobGrain job, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var info = (await job.GetAsync())!;
                if (info.Status.IsFinal()) return info;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the job is still {info.Status}: {info.Progress}");
            }
            catch (Exception e) when (e is not TimeoutException || DateTime.UtcNow < deadline)
            {
                // The job's grain was on the killed silo: calls fail until Orleans declares it dead and reactivates the grain elsewhere.
            }
            await Task.Delay(200);
        }
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
