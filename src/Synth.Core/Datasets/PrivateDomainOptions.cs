namespace Synth.Core.Datasets;

/// <summary>
/// How <see cref="PrivateDomainDerivation"/> spends its budget. Everything here is public (the
/// owner's choices, made without looking at the data): only what the mechanisms release depends on it.
/// </summary>
public sealed record PrivateDomainOptions
{
    /// <summary>Default public range of integer and continuous columns without owner-supplied bounds: ±10⁹.</summary>
    public const double DefaultNumberBound = 1e9;

    /// <summary>Default public range of datetime columns: 1900-01-01 .. 2100-01-01 (UTC).</summary>
    public static readonly DateTime DefaultEarliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <inheritdoc cref="DefaultEarliest"/>
    public static readonly DateTime DefaultLatest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Total ρ (zCDP) of the derivation, split equally over the columns that need one. Required, &gt; 0 and finite.</summary>
    public required double Rho { get; init; }

    /// <summary>
    /// δ′: the probability, summed over all categorical columns, that a value held by a single row is
    /// released. Thresholding makes the derivation (ρ, δ′)-approximate zCDP. In (0, 1). Default 1e-10.
    /// </summary>
    public double ThresholdDelta { get; init; } = 1e-10;

    /// <summary>
    /// Public outer ranges by column name (numbers for integer and continuous columns, ISO 8601 for
    /// datetimes); derived bounds always lie inside. Columns not listed get ±10⁹ or 1900..2100.
    /// </summary>
    public IReadOnlyDictionary<string, PublicRange> Bounds { get; init; } = new Dictionary<string, PublicRange>(StringComparer.Ordinal);

    public const double DefaultLowQuantile = 0.01;

    public const double DefaultHighQuantile = 0.99;

    /// <summary>Quantile taken for the lower bound, in [0, 1). Default 0.01.</summary>
    public double LowQuantile { get; init; } = DefaultLowQuantile;

    /// <summary>Quantile taken for the upper bound, in (0, 1], above <see cref="LowQuantile"/>. Default 0.99.</summary>
    public double HighQuantile { get; init; } = DefaultHighQuantile;

    /// <summary>Candidate points per numeric or datetime range the exponential mechanism chooses among. Default 4000.</summary>
    public int Candidates { get; init; } = 4000;

    /// <summary>Bins of a numeric or datetime column whose spec gives none. Default 32.</summary>
    public int DefaultBins { get; init; } = 32;
}

/// <summary>A public range: numbers (invariant culture) or ISO 8601 datetimes, as the column's kind needs.</summary>
public sealed record PublicRange(string Min, string Max);
