using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Estimation;

public class MirrorDescentEstimatorTests
{
    [Fact]
    public void Exact_marginals_of_a_tree_distribution_are_recovered()
    {
        var distribution = KnownDistribution.Tree();
        AttributeSet[] tree = [new(0, 1), new(1, 2), new(1, 3), new(0, 4)];
        var measurements = tree.Select(s => new NoisyMeasurement(s, [.. distribution.Marginal(s).Select(p => p * 10_000)], 1.0)).ToList();

        var model = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements, new EstimationOptions { Iterations = 3000 });

        model.Total.Should().BeApproximately(10_000, 1e-6);
        foreach (var s in tree) BruteForce.TotalVariation(model.Project(s).Values, distribution.Marginal(s)).Should().BeLessThan(1e-3);
        // The tree is the true structure, so even unmeasured pairs come out right.
        var unmeasured = new AttributeSet(2, 4);
        BruteForce.TotalVariation(model.Project(unmeasured).Values, distribution.Marginal(unmeasured)).Should().BeLessThan(2e-3);
    }

    [Fact]
    public void Noisy_one_way_measurements_become_a_nonnegative_distribution_near_them()
    {
        var y = new double[] { 500, -40, 260, 230, 10 };
        var measurement = new NoisyMeasurement(new AttributeSet(0), y, 20);

        var model = MirrorDescentEstimator.Estimate([5], [measurement], new EstimationOptions { Iterations = 2000 });

        var x = model.Project(new AttributeSet(0)).Values;
        x.Should().OnlyContain(v => v >= 0);
        x.Sum().Should().BeApproximately(960, 1e-6);
        // Least squares over {x ≥ 0, Σx = 960}: the negative cell goes to 0 and the rest share the deficit.
        x[1].Should().BeLessThan(0.5);
        x[0].Should().BeApproximately(490, 1.0);
    }

    [Fact]
    public void The_total_is_the_inverse_variance_weighted_mean_of_each_measurement_s_sum()
    {
        NoisyMeasurement[] measurements =
        [
            new(new AttributeSet(0), [60, 40], sigma: 1),           // sum 100, variance 2
            new(new AttributeSet(1), [50, 30, 30], sigma: 2),       // sum 110, variance 12
            new(new AttributeSet(0, 1), [10, 10, 10, 10, 10, 10], sigma: 1, weights: [1, 1, 1, 1, 1, 0.5]), // sum 70, variance 9
        ];

        MirrorDescentEstimator.EstimateTotal(measurements).Should().BeApproximately(
            (100 / 2.0 + 110 / 12.0 + 70 / 9.0) / (1 / 2.0 + 1 / 12.0 + 1 / 9.0), 1e-9);
    }

    [Fact]
    public void A_warm_start_continues_from_the_previous_potentials()
    {
        var distribution = KnownDistribution.Tree();
        var random = new PrivateRandom(3);
        var measurements = new List<NoisyMeasurement>();
        foreach (var s in new AttributeSet[] { new(0), new(1), new(2), new(3), new(4), new(0, 1), new(1, 3) })
        {
            measurements.Add(new NoisyMeasurement(s, [.. distribution.Marginal(s).Select(p => p * 5000 + 5 * random.NextGaussian())], 5));
        }
        var first = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements[..6], new EstimationOptions { Iterations = 500 });

        var cold = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements, new EstimationOptions { Iterations = 5 });
        var warm = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements, new EstimationOptions { Iterations = 5 }, warmStart: first);

        var pair = new AttributeSet(0, 1);
        var target = distribution.Marginal(pair);
        BruteForce.TotalVariation(warm.Project(pair).Values, target).Should().BeLessThan(BruteForce.TotalVariation(cold.Project(pair).Values, target));
    }

    [Fact]
    public void The_fit_does_not_depend_on_the_thread_count()
    {
        var distribution = KnownDistribution.Tree();
        var measurements = new AttributeSet[] { new(0, 1, 2), new(1, 3), new(0, 4), new(2, 3, 4) }
            .Select(s => new NoisyMeasurement(s, [.. distribution.Marginal(s).Select(p => p * 1000 + 3)], 2)).ToList();

        var one = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements, new EstimationOptions { Iterations = 200, MaxDegreeOfParallelism = 1 });
        var four = MirrorDescentEstimator.Estimate(distribution.Sizes, measurements, new EstimationOptions { Iterations = 200, MaxDegreeOfParallelism = 4 });

        for (var k = 0; k < one.CliqueMarginals.Count; k++) one.CliqueMarginals[k].Should().Equal(four.CliqueMarginals[k]);
    }

    [Fact]
    public void The_fit_does_not_depend_on_the_thread_count_when_large_cliques_are_split_over_threads()
    {
        // A 120,000-cell clique (split into cell groups that threads share) whose measurements are
        // read through a periodic row ((0, 3): 3 kept after 1 and 2 summed) and a short summed row
        // ((0, 1, 2)), beside a small clique joined to it by a separator; warm-started as AIM does.
        int[] sizes = [50, 40, 30, 2, 3];
        var random = new PrivateRandom(17);
        NoisyMeasurement Measure(AttributeSet s) =>
            new(s, [.. Enumerable.Range(0, (int)s.Cells(sizes)).Select(_ => 20 + 10 * random.NextDouble())], 4);
        var first = new[] { Measure(new(0, 3)), Measure(new(1, 3)), Measure(new(0, 1, 2)) };
        var all = first.Append(Measure(new(2, 3, 4))).ToList();

        GraphicalModel Fit(int threads)
        {
            var options = new EstimationOptions { Iterations = 30, MaxDegreeOfParallelism = threads };
            var warm = MirrorDescentEstimator.Estimate(sizes, first, options);
            return MirrorDescentEstimator.Estimate(sizes, all, options, warmStart: warm);
        }
        var one = Fit(1);
        var two = Fit(2);
        var four = Fit(4);

        one.Tree.Cliques.Max(c => c.Cells(sizes)).Should().Be(120_000);
        for (var k = 0; k < one.CliqueMarginals.Count; k++)
        {
            two.CliqueMarginals[k].Should().Equal(one.CliqueMarginals[k]);
            four.CliqueMarginals[k].Should().Equal(one.CliqueMarginals[k]);
        }
    }
}
