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
}
