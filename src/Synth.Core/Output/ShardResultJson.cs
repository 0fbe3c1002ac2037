using System.Text.Json;
using Synth.Core.Formats;
using Synth.Core.Formats.Parquet;

namespace Synth.Core.Output;

/// <summary>
/// A <see cref="ShardResult"/> as JSON, so a shard generated on one machine can be assembled
/// into a file (its footer written) on another. Block summaries are format-specific; the only
/// kind today is Parquet's row-group metadata.
/// </summary>
public static class ShardResultJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize(ShardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var blocks = result.Blocks.Select(b => new Block(b.Offset, b.Length, b.Rows, b.Summary switch
        {
            null => null,
            ParquetRowGroupSummary parquet => parquet,
            var other => throw new NotSupportedException($"block summaries of type {other.GetType().Name} cannot be serialised"),
        })).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new Document(result.Shard, blocks, result.Bytes, result.ContentLength, result.Crc32), Options);
    }

    public static ShardResult Deserialize(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Options) ?? throw new FormatException("the shard result is empty (null)");
        var blocks = document.Blocks.Select(b => new BlockPlacement(b.Offset, b.Length, b.Rows, b.Parquet)).ToList();
        return new ShardResult(document.Shard, blocks, document.Bytes) { ContentLength = document.ContentLength, Crc32 = document.Crc32 };
    }

    private sealed record Document(Shard Shard, List<Block> Blocks, long Bytes, long ContentLength = 0, uint Crc32 = 0);

    private sealed record Block(long Offset, long Length, int Rows, ParquetRowGroupSummary? Parquet);
}
