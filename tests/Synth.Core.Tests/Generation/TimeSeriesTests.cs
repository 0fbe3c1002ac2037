using static Synth.Core.Tests.Generation.Statistics;

namespace Synth.Core.Tests.Generation;

public class TimeSeriesTests
{
    [Fact]
    public void Rows_are_spaced_by_the_interval_from_the_start()
    {
        var t = GeneratedTable.Generate("""
            {"ts": {"type": "datetime", "start_date": "2024-03-01"}, "v": {"type": "float", "mean": 0, "std": 1},
             "time_field": "ts", "time_interval_seconds": 90}
            """, 1000);

        var ts = t["ts"].Cast<DateTime>().ToList();
        ts[0].Should().Be(new DateTime(2024, 3, 1));
        ts.Zip(ts.Skip(1), (a, b) => b - a).Should().OnlyContain(d => d == TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void A_linear_trend_adds_strength_per_step()
    {
        var v = GeneratedTable.Generate("""
            {"v": {"type": "float", "mean": 0, "std": 1}, "time_field": "t", "trends": {"v": {"type": "linear", "strength": 0.5}}}
            """, 10_000).Numbers("v");

        Mean(v.Skip(9000).ToList()).Should().BeApproximately(0.5 * 9499.5, 0.2);
    }

    [Fact]
    public void Seasonality_adds_a_sine_of_the_period_and_noise_adds_spread()
    {
        var v = GeneratedTable.Generate("""
            {"v": {"type": "float", "mean": 0, "std": 0.001}, "time_field": "t",
             "seasonality": {"v": {"period": 24, "amplitude": 10}}, "noise": {"v": 0.5}}
            """, 24 * 500).Numbers("v");

        var atPeak = Enumerable.Range(0, 500).Select(d => v[d * 24 + 6]).ToList();
        var atTrough = Enumerable.Range(0, 500).Select(d => v[d * 24 + 18]).ToList();
        Mean(atPeak).Should().BeApproximately(10, 0.1);
        Mean(atTrough).Should().BeApproximately(-10, 0.1);
        Std(atPeak).Should().BeApproximately(0.5, 0.05);
    }

    [Fact]
    public void A_step_trend_shifts_the_level_from_its_step_on()
    {
        var v = GeneratedTable.Generate("""
            {"v": {"type": "int", "mean": 3, "std": 0.0001}, "time_field": "t", "trends": {"v": {"type": "step", "strength": 7, "at": 100}}}
            """, 200).Numbers("v");

        v.Take(100).Should().OnlyContain(x => x == 3);
        v.Skip(100).Should().OnlyContain(x => x == 10);
    }
}
