using System.Buffers;
using Synth.Grains.Streams;

namespace Synth.Grains.Tests.Streams;

/// <summary>A run of batches made on every core holds, batch by batch, the bytes one writer makes record by record.</summary>
public sealed class FlatOutBatchesTests
{
    private static readonly StreamSpec Spec = new()
    {
        SchemaText = """{"id": {"type": "int", "min": 1, "max": 1000000}, "name": {"type": "name"}, "score": {"type": "float", "mean": 0, "std": 1}}""",
        Seed = 11,
        Format = "csv",
        DriftPlanText = """{"events": [{"kind": "sudden", "at": 20000, "fields": {"score": {"mean": 5}}}]}""",
    };

    [Theory]
    [InlineData(0, 65_536, 4096)] // whole batches, parts meeting at a batch boundary
    [InlineData(5, 45_000, 7_000)] // batches spanning parts, the last one short
    [InlineData(19_990, 3_000, 1)] // a batch per record, across the drift plan's change
    [InlineData(123, 100_000, 100_000)] // one batch cut into parts
    [InlineData(0, 700, 300)] // too few records for more than one part
    public async Task Every_batch_holds_the_bytes_of_its_records_made_one_by_one(long start, int count, int batchSize)
    {
        var runs = new FlatOutBatches(NewRecords);
        await runs.MakeAsync(start, count, batchSize);

        runs.Batches.Should().Be((count + batchSize - 1) / batchSize);
        var reference = NewRecords();
        for (var batch = 0; batch < runs.Batches; batch++)
        {
            var first = start + (long)batch * batchSize;
            var expected = new ArrayBufferWriter<byte>();
            reference.Write(first, (int)Math.Min(batchSize, start + count - first), expected);
            var (bytes, n) = runs.Batch(batch);
            n.Should().Be((int)Math.Min(batchSize, start + count - first));
            bytes.ToArray().Should().Equal(expected.WrittenSpan.ToArray(), $"batch {batch} (records {first}..)");
        }
    }

    [Fact]
    public async Task A_run_made_again_over_an_earlier_one_holds_only_its_own_records()
    {
        var runs = new FlatOutBatches(NewRecords);
        await runs.MakeAsync(0, 50_000, 10_000);
        await runs.MakeAsync(50_000, 3_000, 10_000);

        runs.Batches.Should().Be(1);
        var expected = new ArrayBufferWriter<byte>();
        NewRecords().Write(50_000, 3_000, expected);
        runs.Batch(0).Bytes.ToArray().Should().Equal(expected.WrittenSpan.ToArray());
    }

    private static StreamRecords NewRecords() => StreamDefinition.Records(Spec, [], "csv", 4096);
}
