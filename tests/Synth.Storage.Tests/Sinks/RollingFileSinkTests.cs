using System.Text;
using Synth.Storage.Local;
using Synth.Storage.Sinks;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Sinks;

/// <summary>The rolling files of a stream in a local store: each file its header, then its records in order, however they came.</summary>
public sealed class RollingFileSinkTests
{
    [Fact]
    public async Task Small_and_large_batches_land_in_order_after_the_header_and_files_roll_at_their_record_count()
    {
        using var root = new TempDirectory("rolling-");
        var store = new LocalArtifactStore(root.Path);
        await using var sink = new RollingFileSink(store, "streams/s1", "csv", "n\n"u8.ToArray(), rollRecords: 1_000_000, rollSeconds: 3600, from: 0);
        // Small batches are copied into the sink's buffer; large ones (over 256 KiB) are written as they are.
        var batches = new[] { 10, 100_000, 7, 60_000, 3 }.Select((n, i) => Records(i * 1_000_000, n)).ToArray();

        foreach (var (bytes, count) in batches) await sink.WriteAsync(bytes, count, CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);

        var file = sink.TakeClosed().Should().ContainSingle().Subject;
        (file.First, file.Count).Should().Be((0L, 160_020L));
        await using var content = await store.OpenReadAsync(file.Key);
        var text = await new StreamReader(content).ReadToEndAsync();
        text.Should().Be("n\n" + string.Concat(batches.Select(b => Encoding.ASCII.GetString(b.Bytes))));
        sink.Acked.Should().Be(160_020);
    }

    private static (byte[] Bytes, int Count) Records(int first, int count) =>
        (Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(first, count).Select(i => $"{i}\n"))), count);
}
