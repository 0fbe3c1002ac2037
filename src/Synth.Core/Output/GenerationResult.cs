namespace Synth.Core.Output;

/// <summary>What a run produced: rows, bytes written (after compression) and wall time.</summary>
public sealed record GenerationResult(long Rows, long Bytes, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}
