using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;

namespace Synth.Core.Generation.Fields;

/// <summary>Trend, seasonality and noise of one numeric field of a time series, as a function of the step (row index).</summary>
internal sealed class TimeSeriesEffects(TrendSpec? trend, IReadOnlyList<SeasonalitySpec> seasonality, double noiseStd, ulong noiseKey)
{
    public static TimeSeriesEffects? For(FieldSpec spec, TimeSeriesSpec? series, ulong seed)
    {
        if (series is null) return null;
        series.Trends.TryGetValue(spec.Name, out var trend);
        var seasons = series.Seasonality.TryGetValue(spec.Name, out var s) ? s : [];
        series.Noise.TryGetValue(spec.Name, out var noise);
        if (trend is null && seasons.Count == 0 && noise <= 0) return null;
        return new TimeSeriesEffects(trend, seasons, noise, CounterRng.Key(seed, spec.Name + "\0noise"));
    }

    public double Apply(double value, long step)
    {
        if (trend is not null)
        {
            value = trend.Type switch
            {
                TrendType.Linear => value + trend.Strength * step,
                TrendType.Exponential => value * Math.Pow(1 + trend.Strength, step),
                _ => step >= trend.At ? value + trend.Strength : value,
            };
        }
        foreach (var season in seasonality)
        {
            value += season.Amplitude * Math.Sin(2 * Math.PI * step / season.Period + season.Phase);
        }
        if (noiseStd > 0)
        {
            value += noiseStd * StandardNormal.Quantile(CounterRng.Unit(CounterRng.At(noiseKey, step)));
        }
        return value;
    }
}
