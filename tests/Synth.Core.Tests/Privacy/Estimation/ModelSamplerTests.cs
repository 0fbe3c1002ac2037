using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Estimation;

public class ModelSamplerTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 10)]
    [InlineData(new[] { 0.3, 0.3, 0.4 }, 7)]
    [InlineData(new[] { 5.0, 0.0, -1.0, double.NaN }, 3)]
    [InlineData(new[] { 0.0, 0.0 }, 5)]
    public void Rounded_counts_add_up_and_stay_within_one_of_each_share(double[] weights, int n)
    {
        var counts = new int[weights.Length];

        ModelSampler.RoundedCounts(weights, n, new PrivateRandom(1), counts);

        counts.Sum().Should().Be(n);
        var valid = weights.Select(w => w > 0 && double.IsFinite(w) ? w : 0).ToArray();
        var total = valid.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            var share = total > 0 ? valid[i] * n / total : (double)n / weights.Length;
            counts[i].Should().BeInRange((int)Math.Floor(share), (int)Math.Ceiling(share));
        }
    }

    [Fact]
    public void Sampled_rows_have_the_model_s_marginals_up_to_rounding()
    {
        var distribution = KnownDistribution.Tree();
        AttributeSet[] cliques = [new(0, 1), new(1, 2), new(1, 3), new(0, 4)];
        var model = MirrorDescentEstimator.Estimate(distribution.Sizes,
            [.. cliques.Select(s => new NoisyMeasurement(s, [.. distribution.Marginal(s).Select(p => p * 20_000)], 1.0))],
            new EstimationOptions { Iterations = 2000 });

        var columns = ModelSampler.Sample(model, 20_000, new PrivateRandom(4));

        columns.Should().HaveCount(5).And.OnlyContain(c => c.Length == 20_000);
        for (var a = 0; a < 5; a++)
        {
            // The first attribute drawn is split exactly; the others only through rounding within groups.
            var single = new AttributeSet(a);
            BruteForce.TotalVariation(BruteForce.Counts(columns, distribution.Sizes, single), model.Project(single).Values).Should().BeLessThan(0.01);
        }
        foreach (var pair in cliques)
        {
            BruteForce.TotalVariation(BruteForce.Counts(columns, distribution.Sizes, pair), model.Project(pair).Values).Should().BeLessThan(0.015);
        }
    }

    [Fact]
    public void Attributes_the_model_makes_independent_come_out_balanced_not_randomly_paired()
    {
        // Two independent attributes of 10 values, 100 rows each value: every (a, b) cell should
        // hold 10 rows. A random pairing misses by about 2.3 rows per cell on average.
        var uniform = Enumerable.Repeat(100.0, 10).ToArray();
        var model = MirrorDescentEstimator.Estimate([10, 10],
            [new NoisyMeasurement(new AttributeSet(0), uniform, 1), new NoisyMeasurement(new AttributeSet(1), uniform, 1)],
            new EstimationOptions { Iterations = 10 });

        var columns = ModelSampler.Sample(model, 1000, new PrivateRandom(3));

        var joint = BruteForce.Counts(columns, [10, 10], new AttributeSet(0, 1));
        joint.Select(c => Math.Abs(c - 10)).Average().Should().BeLessThan(1.0);
        joint.Should().OnlyContain(c => c >= 8 && c <= 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_rows()
    {
        var distribution = KnownDistribution.Tree();
        var model = MirrorDescentEstimator.Estimate(distribution.Sizes,
            [new NoisyMeasurement(new AttributeSet(0, 1), [.. distribution.Marginal(new AttributeSet(0, 1)).Select(p => p * 100)], 1)],
            new EstimationOptions { Iterations = 100 });

        var a = ModelSampler.Sample(model, 1000, new PrivateRandom(8));
        var b = ModelSampler.Sample(model, 1000, new PrivateRandom(8));
        var c = ModelSampler.Sample(model, 1000, new PrivateRandom(9));

        a.Should().BeEquivalentTo(b, o => o.WithStrictOrdering());
        a[0].Should().NotEqual(c[0]);
    }
}
