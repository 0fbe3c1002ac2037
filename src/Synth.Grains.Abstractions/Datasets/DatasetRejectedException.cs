namespace Synth.Grains.Datasets;

/// <summary>An uploaded CSV that cannot be used (HTTP 422): where it is malformed and how. Nothing of it is kept.</summary>
[GenerateSerializer, Alias("synth.datasets.DatasetRejectedException")]
public sealed class DatasetRejectedException(string message, long line, int column, string problem) : Exception(message)
{
    [Id(0)]
    public long Line { get; } = line;

    [Id(1)]
    public int Column { get; } = column;

    [Id(2)]
    public string Problem { get; } = problem;
}
