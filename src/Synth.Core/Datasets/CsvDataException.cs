namespace Synth.Core.Datasets;

/// <summary>Malformed CSV: says where (1-based line and column, as an editor shows them) and what.</summary>
public sealed class CsvDataException(long line, int column, string problem)
    : Exception($"line {line}, column {column}: {problem}")
{
    public long Line { get; } = line;

    public int Column { get; } = column;

    public string Problem { get; } = problem;
}
