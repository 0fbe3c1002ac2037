using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Synth.Grains.Jobs;
using Synth.Grains.Tests.TestSupport;

using Synth.TestSupport;

namespace Synth.Grains.Tests.Jobs;

public sealed class JobOutputTests : IAsyncLifetime
{
    private SynthTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SynthTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("csv", null)]
    [InlineData("csv", "gzip")]
    [InlineData("json", null)]
    [InlineData("jsonl", null)]
    [InlineData("sql", null)]
    [InlineData("xml", null)]
    [InlineData("tsv", null)]
    [InlineData("parquet", null)]
    [InlineData("parquet", "gzip")]
    public async Task A_job_cut_into_many_shards_publishes_exactly_the_bytes_of_synth_run(string format, string? compression)
    {
        // Several shards, the last one short (Parquet blocks are row groups of 131,072 rows).
        var spec = format == "parquet"
            ? JobDriver.Spec(300_003, format, compression, shardRows: 131_072)
            : JobDriver.Spec(100_003, format, compression, shardRows: 20_000);

        var job = await JobDriver.RunAsync(_cluster, spec);

        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        job.Progress.ShardsDone.Should().BeGreaterThan(1, "the job must really have been sharded");
        job.Files.Should().ContainSingle();
        var bytes = await JobDriver.DownloadAsync(_cluster, job.Files[0]);
        bytes.Length.Should().Be((int)job.Files[0].Length);
        bytes.Should().Equal(JobDriver.SynthRun(spec));
    }

    [Fact]
    public async Task The_same_job_in_one_shard_or_in_many_gives_the_same_bytes()
    {
        var one = await JobDriver.RunAsync(_cluster, JobDriver.Spec(50_000, "json", shardRows: 1_000_000));
        var many = await JobDriver.RunAsync(_cluster, JobDriver.Spec(50_000, "json", shardRows: 5_000));

        many.Progress.ShardsDone.Should().BeGreaterThan(one.Progress.ShardsDone);
        (await JobDriver.DownloadAsync(_cluster, many.Files[0])).Should().Equal(await JobDriver.DownloadAsync(_cluster, one.Files[0]));
    }

    [Fact]
    public async Task A_job_with_parts_publishes_complete_files_whose_rows_are_the_rows_of_the_single_file()
    {
        var spec = JobDriver.Spec(70_000, "json", parts: 3);

        var job = await JobDriver.RunAsync(_cluster, spec);

        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        job.Files.Select(f => f.FileName).Should().Equal("synth-part-00001-of-00003.json", "synth-part-00002-of-00003.json", "synth-part-00003-of-00003.json");
        var rows = new List<string>();
        foreach (var file in job.Files)
        {
            using var document = JsonDocument.Parse(await JobDriver.DownloadAsync(_cluster, file));
            rows.AddRange(document.RootElement.EnumerateArray().Select(e => e.GetRawText()));
        }
        using var single = JsonDocument.Parse(JobDriver.SynthRun(spec with { Parts = 1 }));
        rows.Should().Equal(single.RootElement.EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task Sql_part_files_each_open_and_close_their_own_statements()
    {
        var spec = JobDriver.Spec(40_000, "sql", parts: 2);

        var job = await JobDriver.RunAsync(_cluster, spec);

        foreach (var file in job.Files)
        {
            var text = Encoding.UTF8.GetString(await JobDriver.DownloadAsync(_cluster, file));
            text.TrimEnd().Should().EndWith(");\nCOMMIT;");
            var statements = text.Split("INSERT INTO").Skip(1).ToList();
            statements.Should().NotBeEmpty();
            statements.Should().OnlyContain(s => s.TrimEnd().EndsWith(");", StringComparison.Ordinal) || s.TrimEnd().EndsWith(");\nCOMMIT;", StringComparison.Ordinal),
                "every statement a part opens, it closes");
        }
    }

    [Fact]
    public async Task A_gzip_job_is_one_valid_gzip_stream_of_the_plain_output()
    {
        var spec = JobDriver.Spec(30_000, "csv", "gzip", shardRows: 10_000);

        var job = await JobDriver.RunAsync(_cluster, spec);

        job.Files[0].FileName.Should().Be("synth.csv.gz");
        await using var gz = new GZipStream(new MemoryStream(await JobDriver.DownloadAsync(_cluster, job.Files[0])), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gz.CopyToAsync(plain);
        plain.ToArray().Should().Equal(JobDriver.SynthRun(spec with { Compression = null }));
    }

    [Fact]
    public async Task An_empty_job_publishes_the_header_only_file()
    {
        var spec = JobDriver.Spec(0, "csv");

        var job = await JobDriver.RunAsync(_cluster, spec);

        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        (await JobDriver.DownloadAsync(_cluster, job.Files[0])).Should().Equal(JobDriver.SynthRun(spec));
    }
}
