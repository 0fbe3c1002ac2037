using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;
using Synth.Grains.Jobs;
using Synth.Storage.Composition;

using Synth.TestSupport;

namespace Synth.Grains.Tests.TestSupport;

/// <summary>Submits jobs, waits for them, reads their files; and computes what `synth run` writes for the same spec.</summary>
public static class JobDriver
{
    public static JobSpec Spec(long rows, string format = "csv", string? compression = null, long? shardRows = null, int parts = 1, ulong seed = 42) => new()
    {
        SchemaText = Schemas.Seed,
        Rows = rows,
        Format = format,
        Compression = compression,
        ShardRows = shardRows,
        Parts = parts,
        Seed = seed,
    };

    public static async Task<JobInfo> RunAsync(SynthTestCluster cluster, JobSpec spec, string? id = null)
    {
        id ??= JobIds.New();
        await cluster.Grains.GetGrain<IJobGrain>(id).SubmitAsync(spec);
        return await WaitUntilFinalAsync(cluster, id);
    }

    public static async Task<JobInfo> WaitUntilFinalAsync(SynthTestCluster cluster, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var info = await cluster.Grains.GetGrain<IJobGrain>(id).GetAsync() ?? throw new InvalidOperationException($"job {id} vanished");
            if (info.Status.IsFinal()) return info;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} still {info.Status} ({info.Progress})");
            await Task.Delay(50);
        }
    }

    public static async Task<byte[]> DownloadAsync(SynthTestCluster cluster, JobFile file, long offset = 0, long? length = null)
    {
        var manifest = await ArtifactManifest.LoadAsync(cluster.Artifacts, file.ManifestKey) ?? throw new InvalidOperationException($"no manifest {file.ManifestKey}");
        await using var stream = await ComposedArtifact.OpenReadAsync(cluster.Artifacts, manifest, offset, length);
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>What `synth run` writes for this spec (one thread: threads never change the bytes).</summary>
    public static byte[] SynthRun(JobSpec spec)
    {
        var gzip = spec.Compression == "gzip";
        var format = OutputFormats.Create(spec.Format, new FormatOptions { Gzip = gzip });
        var compiled = CompiledSchema.Compile(SchemaReader.Read(spec.SchemaText), spec.Seed, spec.Rows);
        using var output = new MemoryStream();
        GenerationRunner.Run(compiled, format, spec.Rows, output, new GenerationOptions { Threads = 1, Gzip = gzip && format.SupportsStreamGzip });
        return output.ToArray();
    }

    /// <summary>What `synth run` writes for a multi-table spec: the zip archive, or for SQL the one script (one thread).</summary>
    public static byte[] SynthRunDatabase(JobSpec spec)
    {
        var gzip = spec.Compression == "gzip";
        var formatOptions = new FormatOptions { Gzip = gzip, SqlDialect = spec.SqlDialect == "sqlite" ? SqlDialect.Sqlite : SqlDialect.Postgres };
        var options = new GenerationOptions { Threads = 1, Gzip = gzip && OutputFormats.Create(spec.Format, formatOptions).SupportsStreamGzip };
        var database = CompiledDatabase.Compile(DatabaseSchemaReader.Read(spec.SchemaText), spec.Seed, spec.Rows);
        using var output = new MemoryStream();
        if (spec.Format == "sql") DatabaseRunner.WriteSqlScript(database, formatOptions, output, options);
        else DatabaseRunner.WriteZip(database, spec.Format, formatOptions, output, options);
        return output.ToArray();
    }
}
