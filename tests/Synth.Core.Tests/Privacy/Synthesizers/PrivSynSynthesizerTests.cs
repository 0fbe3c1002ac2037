using Synth.Core.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Core.Tests.Privacy.Synthesizers;

public class PrivSynSynthesizerTests
{
    // Attributes 0-4 with edges 0-1, 1-2, 1-3, 0-4: four dependent pairs out of ten.
    private static readonly KnownDistribution Distribution = KnownDistribution.Tree();
    private static readonly EncodedTable Data = Distribution.Sample(20_000, seed: 1);

    private static PrivSynModel Fit(double epsilon, ulong seed = 5) =>
        (PrivSynModel)new PrivSynSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(epsilon, 1e-9), new SynthesizerOptions { Seed = seed });

    [Fact]
    public void A_tenth_of_rho_scores_the_pairs_and_the_rest_publishes_marginals_in_proportion_to_cells_to_the_two_thirds()
    {
        var model = Fit(1);
        var rho = model.Budget.Rho;

        var scores = model.Spends.Single(s => s.Purpose.StartsWith("dependency scores", StringComparison.Ordinal));
        scores.Rho.Should().BeApproximately(0.1 * rho, rho * 1e-12);
        var marginals = model.Spends.Where(s => s.Purpose.Contains("-way marginal", StringComparison.Ordinal)).ToList();
        marginals.Should().HaveCount(model.Sets.Count);
        marginals.Sum(s => s.Rho).Should().BeApproximately(0.9 * rho, rho * 1e-9);
        model.Spends.Sum(s => s.Rho).Should().BeApproximately(rho, rho * 1e-9, "the split adds up to the rho spent");
        var sizes = Data.Domain.Sizes;
        for (var k = 1; k < model.Sets.Count; k++)
        {
            var expected = Math.Pow(model.Sets[k].Cells(sizes) / (double)model.Sets[0].Cells(sizes), 2.0 / 3);
            (marginals[k].Rho / marginals[0].Rho).Should().BeApproximately(expected, 1e-9);
        }
    }

    [Fact]
    public void Dense_marg_publishes_the_dependent_pairs_when_the_budget_allows()
    {
        var generous = Fit(10).Sets.Where(s => s.Count == 2);

        generous.Should().Contain([new AttributeSet(0, 1), new AttributeSet(1, 2), new AttributeSet(1, 3), new AttributeSet(0, 4)],
            "the tree's edges are its strongest dependences (pairs further apart depend through them, so may be chosen too)");
    }

    [Fact]
    public void The_published_marginals_agree_on_shared_attributes_and_are_non_negative_counts_of_the_same_total()
    {
        var model = Fit(1);
        var sizes = Data.Domain.Sizes;

        foreach (var table in model.Tables)
        {
            table.Should().OnlyContain(x => x >= 0);
            table.Sum().Should().BeApproximately(model.Total, model.Total * 1e-9);
        }
        for (var a = 0; a < sizes.Count; a++)
        {
            var single = model.Tables[model.Sets.ToList().FindIndex(s => s.Count == 1 && s[0] == a)];
            foreach (var k in Enumerable.Range(0, model.Sets.Count).Where(k => model.Sets[k].Count == 2 && model.Sets[k].Contains(a)))
            {
                var set = model.Sets[k];
                var inner = sizes[set[1]];
                var projection = new double[sizes[a]];
                for (var i = 0; i < model.Tables[k].Length; i++) projection[set[0] == a ? i / inner : i % inner] += model.Tables[k][i];
                // Norm-Sub after the last averaging can move a few cells; they agree to a small fraction of a row per cell.
                projection.Zip(single).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 0.02 * model.Total / sizes[a] + 1);
            }
        }
    }

    [Fact]
    public void Sampling_matches_the_published_pairs_closely()
    {
        var model = Fit(10);

        var synthetic = model.Sample(20_000, seed: 3);

        foreach (var set in model.Sets.Where(s => s.Count == 2))
        {
            var k = model.Sets.ToList().IndexOf(set);
            var counts = MarginalCounter.Count(synthetic, set);
            var tv = 0.5 * counts.Zip(model.Tables[k]).Sum(p => Math.Abs(p.First / synthetic.Rows - p.Second / model.Total));
            tv.Should().BeLessThan(0.02, $"GUM moves rows until pair {set} matches its marginal");
        }
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        var fit = () => new PrivSynSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(1, 1e-9), new SynthesizerOptions { PrivSyn = { SelectionShare = 1 } });

        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage("PrivSyn.SelectionShare must be between 0 and 1 (exclusive)*");
    }
}
