using Synth.Core.Privacy;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Tests.Privacy.Evaluation;

public class MarginalDistanceTests
{
    private static readonly Domain Domain = new(["a", "b"], [2, 3]);

    // Real: (0,0) (0,1) (1,2) (1,2); synthetic: (0,0) (1,1) (1,2) (1,0) (0,0).
    private static readonly EncodedTable Real = new(Domain, [[0, 0, 1, 1], [0, 1, 2, 2]]);
    private static readonly EncodedTable Synthetic = new(Domain, [[0, 1, 1, 1, 0], [0, 1, 2, 0, 0]]);

    [Fact]
    public void Hand_computed_example()
    {
        // a: real (1/2, 1/2), synthetic (2/5, 3/5) → ½(0.1 + 0.1) = 0.1.
        MarginalDistance.TotalVariation(Real, Synthetic, new AttributeSet(0)).Should().BeApproximately(0.1, 1e-12);
        // b: real (1/4, 1/4, 1/2), synthetic (3/5, 1/5, 1/5) → ½(0.35 + 0.05 + 0.3) = 0.35.
        MarginalDistance.TotalVariation(Real, Synthetic, new AttributeSet(1)).Should().BeApproximately(0.35, 1e-12);
        // (a, b) cells 00 01 02 10 11 12: real ¼ ¼ 0 0 0 ½, synthetic ⅖ 0 0 ⅕ ⅕ ⅕
        // → ½(0.15 + 0.25 + 0 + 0.2 + 0.2 + 0.3) = 0.55.
        MarginalDistance.TotalVariation(Real, Synthetic, new AttributeSet(0, 1)).Should().BeApproximately(0.55, 1e-12);

        var summary = MarginalDistance.Summarize(Real, Synthetic);
        summary.Should().BeEquivalentTo(new MarginalDistanceSummary(0.225, 0.35, 0.55, 0.55, 2, 1),
            o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-12)).WhenTypeIs<double>());
    }

    [Fact]
    public void Identical_tables_are_at_distance_zero_and_disjoint_ones_at_one()
    {
        MarginalDistance.TotalVariation([3, 1, 0], [6, 2, 0]).Should().Be(0);
        MarginalDistance.TotalVariation([3, 0, 0], [0, 0, 5]).Should().Be(1);
    }

    [Fact]
    public void Tables_over_different_domains_are_refused()
    {
        var other = new EncodedTable(new Domain(["a", "b"], [2, 4]), [[0], [3]]);

        var act = () => MarginalDistance.Summarize(Real, other);

        act.Should().Throw<ArgumentException>().WithMessage("*same domain*");
    }
}
