using System.IO.Compression;
using System.Security.Cryptography;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Output;

public class GenerationRunnerTests
{
    private const string Everything = """
        {
          "id": {"type": "int", "min": 1, "max": 1000000, "unique": true},
          "name": {"type": "name"}, "email": {"type": "email", "nullable": 0.1},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "day": {"type": "date", "start_date": "2020-01-01", "end_date": "2020-12-31"},
          "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]},
          "ok": {"type": "bool"}, "key": {"type": "uuid"}, "note": {"type": "text", "nullable": 0.3},
          "score": {"type": "float", "expression": "income / 1000 + (ok ? 1 : 0)", "decimals": 3},
          "age": {"type": "int", "mean": 40, "std": 12, "min": 18},
          "correlations": {"fields": ["income", "age"], "matrix": [[1, 0.5], [0.5, 1]]}
        }
        """;

    public static TheoryData<string> Formats() => new(OutputFormats.Names);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_is_byte_identical_whatever_the_thread_count_and_batch_size(string format)
    {
        var rows = format == "parquet" ? 300_000 : 40_000;
        var reference = Hash(format, rows, threads: 1, batchSize: 4096);

        Hash(format, rows, threads: 2, batchSize: 4096).Should().Be(reference);
        Hash(format, rows, threads: 3, batchSize: 1000).Should().Be(reference);
        Hash(format, rows, threads: 1, batchSize: 977).Should().Be(reference);
    }

    [Theory]
    [InlineData("csv", false)]
    [InlineData("csv", true)]
    [InlineData("json", false)]
    [InlineData("sql", false)]
    [InlineData("parquet", false)]
    [InlineData("parquet", true)]
    public void Shards_generated_separately_concatenate_into_the_single_run(string formatName, bool gzip)
    {
        var rows = formatName == "parquet" ? 400_000 : 100_000;
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything), 42, rows);
        var format = OutputFormats.Create(formatName, new FormatOptions { Gzip = gzip });
        var options = new GenerationOptions { Threads = 2, Gzip = gzip && format.SupportsStreamGzip };
        var single = new MemoryStream();
        GenerationRunner.Run(compiled, format, rows, single, options);

        var assembled = new MemoryStream();
        GenerationRunner.WriteHeader(compiled, format, assembled, options);
        var results = new List<ShardResult>();
        var parts = new List<byte[]>();
        foreach (var shard in Shard.Split(rows, format.RowsPerBlock, 3).Reverse())
        {
            // Shards run in any order, each into its own part, as silos will; their results travel as JSON.
            var part = new MemoryStream();
            var result = GenerationRunner.RunShard(compiled, format, rows, shard, part, options with { Threads = 1 });
            results.Insert(0, ShardResultJson.Deserialize(ShardResultJson.Serialize(result)));
            parts.Insert(0, part.ToArray());
        }
        foreach (var part in parts) assembled.Write(part);
        GenerationRunner.WriteFooter(compiled, format, rows, results, assembled, options);

        results.Should().HaveCount(3);
        assembled.ToArray().Should().Equal(single.ToArray());
    }

    [Fact]
    public void Part_files_each_have_a_header_and_together_hold_the_rows_of_the_single_file()
    {
        const long rows = 50_000;
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything), 42, rows);
        var format = OutputFormats.Create("csv", new FormatOptions());
        var options = new GenerationOptions { Threads = 2 };
        var single = new MemoryStream();
        GenerationRunner.Run(compiled, format, rows, single, options);
        var singleLines = System.Text.Encoding.UTF8.GetString(single.ToArray()).Split('\n');

        var partLines = new List<string>();
        foreach (var shard in Shard.Split(rows, format.RowsPerBlock, 3))
        {
            var part = new MemoryStream();
            var result = GenerationRunner.RunPart(compiled, format, rows, shard, part, options);
            result.Rows.Should().Be(shard.RowCount);
            var lines = System.Text.Encoding.UTF8.GetString(part.ToArray()).Split('\n');
            lines[0].Should().Be(singleLines[0], "every part starts with the header");
            partLines.AddRange(lines.Skip(1).Where(l => l.Length > 0));
        }

        partLines.Should().Equal(singleLines.Skip(1).Where(l => l.Length > 0));
    }

    [Fact]
    public void Another_seed_gives_other_data_and_the_same_seed_the_same()
    {
        Hash("csv", 1000, 1, 4096, seed: 7).Should().Be(Hash("csv", 1000, 2, 4096, seed: 7));
        Hash("csv", 1000, 1, 4096, seed: 7).Should().NotBe(Hash("csv", 1000, 1, 4096, seed: 8));
    }

    [Fact]
    public void Gzip_output_decompresses_to_the_plain_output()
    {
        var plain = Generate("jsonl", 50_000, 2, 4096, gzip: false);
        var packed = Generate("jsonl", 50_000, 2, 4096, gzip: true);

        using var gz = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        var unpacked = new MemoryStream();
        gz.CopyTo(unpacked);
        unpacked.ToArray().Should().Equal(plain);
        packed.Length.Should().BeLessThan(plain.Length / 2);
    }

    [Fact]
    public void Any_range_of_rows_can_be_generated_on_its_own()
    {
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything), 42, 10_000);
        var whole = compiled.CreateBatch(1000);
        compiled.CreateFiller(1000).Fill(whole, 5000, 1000);
        var part = compiled.CreateBatch(10);
        compiled.CreateFiller(10).Fill(part, 5500, 10);

        var wholeCsv = Encode(compiled, whole).Split('\n').Skip(500).Take(10);
        var partCsv = Encode(compiled, part).Split('\n').Take(10);
        partCsv.Should().Equal(wholeCsv);
    }

    [Fact]
    public void Filling_a_batch_allocates_nothing_once_warm()
    {
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything), 42, 1_000_000);
        var filler = compiled.CreateFiller(4096);
        var batch = compiled.CreateBatch(4096);
        filler.Fill(batch, 0, 4096);
        filler.Fill(batch, 4096, 4096);

        var before = GC.GetAllocatedBytesForCurrentThread();
        filler.Fill(batch, 8192, 4096);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(1024, "the hot path must not allocate per row");
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        using var cts = new CancellationTokenSource();
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything.Replace("\"unique\": true", "\"unique\": false", StringComparison.Ordinal)), 42, 100_000_000);
        var act = () => GenerationRunner.Run(compiled, OutputFormats.Create("csv", new FormatOptions()), 100_000_000, Stream.Null,
            new GenerationOptions { Threads = 2 }, rows => { if (rows > 100_000) cts.Cancel(); }, cts.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    private static string Encode(CompiledSchema compiled, Synth.Core.Data.RowBatch batch)
    {
        var format = OutputFormats.Create("csv", new FormatOptions());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var encoder = format.CreateBlockEncoder(compiled.Layout);
        encoder.Begin(batch.FirstRow, buffer);
        encoder.Encode(batch, buffer);
        encoder.End(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Hash(string format, long rows, int threads, int batchSize, ulong seed = 42) =>
        Convert.ToHexString(SHA256.HashData(Generate(format, rows, threads, batchSize, false, seed)));

    private static byte[] Generate(string format, long rows, int threads, int batchSize, bool gzip, ulong seed = 42)
    {
        var compiled = CompiledSchema.Compile(SchemaReader.Read(Everything), seed, rows);
        var output = new MemoryStream();
        var fmt = OutputFormats.Create(format, new FormatOptions { Gzip = gzip });
        GenerationRunner.Run(compiled, fmt, rows, output, new GenerationOptions { Threads = threads, BatchSize = batchSize, Gzip = gzip && fmt.SupportsStreamGzip });
        return output.ToArray();
    }
}
