namespace Synth.Core.Schema;

/// <summary>
/// Turns a schema into a regular time series: row i is at <c>Start + i · Interval</c>, and
/// numeric fields get trend, seasonality and noise added as functions of the step i.
/// </summary>
public sealed class TimeSeriesSpec
{
    public required string TimeField { get; init; }

    public required TimeSpan Interval { get; init; }

    public required DateTime Start { get; init; }

    public IReadOnlyDictionary<string, TrendSpec> Trends { get; init; } = new Dictionary<string, TrendSpec>();

    public IReadOnlyDictionary<string, IReadOnlyList<SeasonalitySpec>> Seasonality { get; init; } = new Dictionary<string, IReadOnlyList<SeasonalitySpec>>();

    /// <summary>Standard deviation of Gaussian noise added per field.</summary>
    public IReadOnlyDictionary<string, double> Noise { get; init; } = new Dictionary<string, double>();
}

public enum TrendType
{
    /// <summary>Adds <c>strength · i</c>.</summary>
    Linear,
    /// <summary>Multiplies by <c>(1 + strength)^i</c>.</summary>
    Exponential,
    /// <summary>Adds <c>strength</c> from step <c>at</c> on.</summary>
    Step,
}

public sealed record TrendSpec(TrendType Type, double Strength, long At);

/// <summary>Adds <c>amplitude · sin(2π · i / period + phase)</c>; period in steps.</summary>
public sealed record SeasonalitySpec(double Period, double Amplitude, double Phase);
