namespace Synth.Core.Tests.Streams;

/// <summary>Each kind of drift, checked on the records it produces (statistically, with tolerances far above the sampling error).</summary>
public sealed class DriftKindsTests
{
    private const string Normal = """{"x": {"type": "float", "mean": 0, "std": 1}}""";

    [Fact]
    public void A_sudden_shift_moves_the_mean_by_its_magnitude_from_its_record_on()
    {
        var concepts = StreamSample.Concepts(Normal, """{"events": [{"kind": "sudden", "at": 20000, "fields": {"x": {"mean": 3}}}]}""");

        var before = StreamSample.Records(concepts, 0, 20_000);
        var after = StreamSample.Records(concepts, 20_000, 20_000);

        before.Mean("x").Should().BeApproximately(0, 0.05);
        after.Mean("x").Should().BeApproximately(3, 0.05);
        before.Should().OnlyContain(r => r["_concept"] == "0");
        after.Should().OnlyContain(r => r["_concept"] == "1");
    }

    [Fact]
    public void A_gradual_change_draws_from_the_new_concept_with_the_sigmoids_probability()
    {
        // Centre at record 50,000, window 5,000: p = 1 / (1 + e^(-4 (t - 50,000) / 5,000)).
        var concepts = StreamSample.Concepts(Normal, """{"events": [{"kind": "gradual", "at": 50000, "window": 5000, "fields": {"x": {"mean": 10}}}]}""");

        foreach (var offset in new[] { -7500, -5000, -2500, 0, 2500, 5000, 7500 })
        {
            var records = StreamSample.Records(concepts, 50_000 + offset - 1000, 2000);
            var share = records.Count(r => r["_concept"] == "1") / (double)records.Count;
            var expected = 1 / (1 + Math.Exp(-4.0 * offset / 5000));
            share.Should().BeApproximately(expected, 0.04, $"at {offset} records from the centre");
            records.Where(r => r["_concept"] == "1").Should().OnlyContain(r => r.Number("x") > 5, "a record of the new concept has its mean");
        }
        StreamSample.Records(concepts, 0, 1000).Should().OnlyContain(r => r["_concept"] == "0", "three windows before the centre nothing has changed");
        StreamSample.Records(concepts, 66_000, 1000).Should().OnlyContain(r => r["_concept"] == "1");
    }

    [Fact]
    public void An_incremental_change_moves_the_parameters_linearly_over_its_window()
    {
        var concepts = StreamSample.Concepts(Normal, """{"events": [{"kind": "incremental", "at": 10000, "window": 100000, "fields": {"x": {"mean": 10, "std": 3}}}]}""");

        StreamSample.Records(concepts, 0, 10_000).Mean("x").Should().BeApproximately(0, 0.05);
        var middle = StreamSample.Records(concepts, 59_000, 2000);
        middle.Mean("x").Should().BeApproximately(5, 0.2, "halfway, the mean is halfway");
        StandardDeviation(middle).Should().BeApproximately(2, 0.15, "and so is the scale");
        StreamSample.Records(concepts, 110_000, 10_000).Mean("x").Should().BeApproximately(10, 0.1);
        StreamSample.Records(concepts, 20_000, 80_000).Select(r => r["_concept"]).Distinct().Should().Equal("1");
    }

    [Fact]
    public void A_recurring_concept_returns_for_its_duration_every_period()
    {
        const string plan = """
            {"events": [{"kind": "sudden", "at": 1000, "fields": {"x": {"mean": 5}}},
                        {"kind": "sudden", "at": 2000, "fields": {"x": {"mean": 10}}},
                        {"kind": "recurring", "at": 3000, "concept": 1, "period": 1000, "duration": 200}]}
            """;
        var concepts = StreamSample.Concepts(Normal, plan);

        var records = StreamSample.Records(concepts, 0, 6000);

        for (var s = 0; s < 6000; s++)
        {
            var expected = s < 1000 ? "0" : s < 2000 ? "1" : s >= 3000 && (s - 3000) % 1000 < 200 ? "1" : "2";
            records[s]["_concept"].Should().Be(expected, $"record {s}");
        }
        records.Where(r => r["_concept"] == "1" && r.Number("_seq") >= 3000).Mean("x").Should().BeApproximately(5, 0.15, "the concept returns with its own parameters");
    }

    [Fact]
    public void A_label_drift_changes_the_targets_dependence_on_the_features()
    {
        const string schema = """
            {"x": {"type": "float", "min": 0, "max": 100},
             "y": {"type": "bool", "expression": "x > 50"}}
            """;
        var concepts = StreamSample.Concepts(schema, """{"events": [{"kind": "label", "at": 10000, "field": "y", "set": {"expression": "x < 50"}}]}""");

        var before = StreamSample.Records(concepts, 0, 10_000);
        var after = StreamSample.Records(concepts, 10_000, 10_000);

        before.Mean("x").Should().BeApproximately(after.Mean("x"), 1.5, "the features keep their distribution");
        PositiveShareAbove50(before).Should().Be(1);
        PositiveShareAbove50(after).Should().Be(0);
    }

    [Fact]
    public void The_simple_drift_moves_every_numeric_field_by_its_magnitude_each_interval()
    {
        var concepts = StreamSample.Concepts(
            """{"x": {"type": "float", "mean": 100, "std": 10}, "u": {"type": "float", "min": 0, "max": 12}}""",
            """{"simple": {"interval": {"seconds": 10}, "magnitude": 0.5}}""", rate: 1000);

        for (var k = 0; k < 3; k++)
        {
            var records = StreamSample.Records(concepts, k * 10_000, 10_000);
            records.Mean("x").Should().BeApproximately(100 + k * 0.5 * 10, 0.5, $"after {k} intervals");
            records.Mean("u").Should().BeApproximately(6 + k * 0.5 * 12 / Math.Sqrt(12), 0.2);
            records.Should().OnlyContain(r => r["_concept"] == k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Positions_in_seconds_follow_the_rate()
    {
        var concepts = StreamSample.Concepts(Normal, """{"events": [{"kind": "sudden", "at": {"seconds": 30}, "fields": {"x": {"mean": 3}}}]}""", rate: 0.5);

        concepts.ConceptId(14).Should().Be(0);
        concepts.ConceptId(15).Should().Be(1, "record 15 is scheduled 30 s in at 0.5 records/s");
    }

    private static double StandardDeviation(List<Dictionary<string, string>> records)
    {
        var mean = records.Mean("x");
        return Math.Sqrt(records.Average(r => Math.Pow(r.Number("x") - mean, 2)));
    }

    private static double PositiveShareAbove50(List<Dictionary<string, string>> records)
    {
        var above = records.Where(r => r.Number("x") > 50).ToList();
        return above.Count(r => r["y"] == "true") / (double)above.Count;
    }
}
