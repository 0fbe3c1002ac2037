namespace Synth.Core.Output;

/// <summary>How a generation run is executed. None of these change the bytes produced.</summary>
public sealed record GenerationOptions
{
    /// <summary>Worker threads encoding blocks in parallel. Default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Rows generated per columnar batch. Default 4,096 (SYNTH_BATCH_SIZE).</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Wrap text output in gzip members, one per block (a valid multi-member gzip file).</summary>
    public bool Gzip { get; init; }

    /// <summary>
    /// Null (default) for a file of its own. Set, a shard's blocks are written as the data of a zip
    /// entry of this method (each block deflated into a segment of its own when
    /// <see cref="Zip.ZipMethod.Deflated"/>) and its <see cref="ShardResult"/> carries the CRC-32 of
    /// their content: see <see cref="Zip.ZipEntryData"/>.
    /// </summary>
    public Zip.ZipMethod? ZipEntry { get; init; }
}
