namespace Synth.Core.Datasets;

/// <summary>
/// What profiling found in an uploaded table. It describes the private data (counts, extremes,
/// frequent values), so it is shown to the owner only; the domain the owner confirms from it is
/// what the synthesizers may use.
/// </summary>
public sealed record DatasetProfile(int Rows, IReadOnlyList<ColumnProfile> Columns);

/// <param name="TopValues">The most frequent values with their counts (at most 50), for categorical columns.</param>
/// <param name="Min">Smallest value (numbers as written invariantly, datetimes as ISO 8601), null when none.</param>
/// <param name="SuggestedBins">Bins for a numeric or datetime column.</param>
public sealed record ColumnProfile(
    string Name,
    ColumnKind Kind,
    int Missing,
    int Distinct,
    IReadOnlyList<ValueCount> TopValues,
    string? Min,
    string? Max,
    int? SuggestedBins)
{
    /// <summary>
    /// For integer, continuous and datetime columns: how many present values fall in each of
    /// <see cref="SuggestedBins"/> equal-width bins from <see cref="Min"/> to <see cref="Max"/> (the last
    /// bin holds the maximum), for the owner's small histogram of the column; null for other kinds.
    /// </summary>
    public IReadOnlyList<int>? Histogram { get; init; }
}

public sealed record ValueCount(string Value, int Count);
