using System.Text.Json;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Tests.Privacy.Evaluation;

public class SynthesisEvaluatorTests
{
    private static readonly KnownDistribution Tree = KnownDistribution.Tree();

    [Fact]
    public void A_synthetic_table_equal_to_the_real_one_scores_perfectly_on_fidelity_and_utility()
    {
        var train = Tree.Sample(4_000, 1);
        var holdout = Tree.Sample(1_000, 2);

        var report = SynthesisEvaluator.Evaluate(train, holdout, train, new EvaluationOptions { Seed = 5 });

        report.Marginals.MeanTwoWay.Should().Be(0);
        report.Associations.MeanAbsoluteDifference.Should().Be(0);
        report.Utility!.AccuracyRatio.Should().Be(1, "the same rows train the same classifier");
        report.Utility.Real.Accuracy.Should().BeGreaterThan(report.Utility.MajorityAccuracy - 0.01);
    }

    [Fact]
    public void Columns_shuffled_apart_keep_every_column_but_lose_associations_and_utility()
    {
        var train = Tree.Sample(6_000, 1);
        var holdout = Tree.Sample(2_000, 2);
        var independent = ShuffleEachColumn(train, seed: 3);

        var report = SynthesisEvaluator.Evaluate(train, holdout, independent, new EvaluationOptions { Target = "a1", Seed = 5 });

        report.Marginals.MeanOneWay.Should().Be(0, "shuffling a column keeps its values");
        report.Marginals.MeanTwoWay.Should().BeGreaterThan(0.05);
        report.WorstPairs.Should().HaveCount(5);
        report.WorstPairs[0].Distance.Should().Be(report.Marginals.MaxTwoWay);
        report.Associations.MaxAbsoluteDifference.Should().BeGreaterThan(0.2, "a0 → a1 is a strong dependency the shuffle removes");
        report.Utility!.Synthetic.Accuracy.Should().BeLessThan(report.Utility.Real.Accuracy - 0.05);
    }

    [Fact]
    public void The_report_carries_each_columns_marginal_and_every_pairs_distance_for_drawing()
    {
        var train = Tree.Sample(3_000, 1);
        var synthetic = ShuffleEachColumn(Tree.Sample(3_000, 7), seed: 3);

        var report = SynthesisEvaluator.Evaluate(train, null, synthetic, new EvaluationOptions { Seed = 5 });

        report.Columns!.Select(c => c.Name).Should().Equal(train.Domain.Names);
        foreach (var column in report.Columns!)
        {
            column.Real.Should().HaveCount(train.Domain.Sizes[train.Domain.Names.ToList().IndexOf(column.Name)]);
            column.Real.Sum().Should().BeApproximately(1, 1e-9);
            column.Synthetic.Sum().Should().BeApproximately(1, 1e-9);
            column.Distance.Should().BeApproximately(MarginalDistance.TotalVariation([.. column.Real], [.. column.Synthetic]), 1e-12);
        }
        report.Columns!.Max(c => c.Distance).Should().BeApproximately(report.Marginals.MaxOneWay, 1e-12);
        report.Pairs.Should().HaveCount(train.Domain.Count * (train.Domain.Count - 1) / 2);
        report.Pairs!.Max(p => p.Distance).Should().Be(report.WorstPairs[0].Distance);
    }

    [Fact]
    public void Ordered_pairs_are_compared_by_correlation_and_the_others_by_cramers_v()
    {
        var train = Tree.Sample(3_000, 1);
        var ordered = new[] { true, true, false, false, false };

        var report = SynthesisEvaluator.Evaluate(train, null, ShuffleEachColumn(train, 4), new EvaluationOptions { Ordered = ordered });

        report.Associations.WorstPairs.Should().NotBeEmpty();
        foreach (var pair in report.Associations.WorstPairs)
        {
            var bothOrdered = ordered[Index(pair.A)] && ordered[Index(pair.B)];
            pair.Measure.Should().Be(bothOrdered ? "pearson" : "cramers-v", $"{pair.A} and {pair.B}");
        }
    }

    [Fact]
    public void Pearson_and_cramers_v_match_their_textbook_values()
    {
        // x = y on three ordered values: r = 1; a 2×2 table with perfect dependence: V = 1; independence: V = 0.
        AssociationMatrix.Pearson([5, 0, 0, 0, 5, 0, 0, 0, 5], 3, 3).Should().BeApproximately(1, 1e-12);
        AssociationMatrix.Pearson([0, 0, 5, 0, 5, 0, 5, 0, 0], 3, 3).Should().BeApproximately(-1, 1e-12);
        AssociationMatrix.CramersV([10, 0, 0, 10], 2, 2).Should().BeApproximately(1, 1e-12);
        AssociationMatrix.CramersV([10, 10, 10, 10], 2, 2).Should().Be(0);
        AssociationMatrix.CramersV([10, 10, 0, 0], 2, 2).Should().Be(0, "a constant attribute associates with nothing");
        AssociationMatrix.Pearson([10, 10, 0, 0], 2, 2).Should().Be(0);
    }

    [Fact]
    public void A_rule_the_classifier_can_learn_is_learnt()
    {
        // The target says whether a3 is in its upper half: a linear rule on a3's one-hot codes.
        var train = WithTarget(Tree.Sample(4_000, 1), a => a[3] >= 3 ? 1 : 0);
        var holdout = WithTarget(Tree.Sample(1_000, 2), a => a[3] >= 3 ? 1 : 0);

        var report = SynthesisEvaluator.Evaluate(train, holdout, train, new EvaluationOptions { Seed = 1 });

        report.Utility!.Target.Should().Be("t", "the last attribute is the default target");
        report.Utility.Real.Accuracy.Should().BeGreaterThan(0.99);
        report.Utility.Real.MacroF1.Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void A_copy_of_the_training_rows_is_flagged_and_a_fresh_sample_is_not()
    {
        // Ten attributes of ten values: real rows practically never repeat, so closeness means copying.
        var train = Uniform(3_000, seed: 1);
        var holdout = Uniform(3_000, seed: 2);

        var copy = SynthesisEvaluator.Evaluate(train, holdout, train, new EvaluationOptions { Seed = 3 }).PrivacyRisk;
        var fresh = SynthesisEvaluator.Evaluate(train, holdout, Uniform(3_000, seed: 9), new EvaluationOptions { Seed = 3 }).PrivacyRisk;

        copy.ExactMatchRate.Should().Be(1);
        copy.MedianDistanceToTrain.Should().Be(0);
        copy.ShareCloserToTrain.Should().BeGreaterThan(0.99);
        copy.HoldoutExactMatchRate.Should().BeLessThan(0.01);
        fresh.ExactMatchRate.Should().BeLessThan(0.01);
        fresh.MedianDistanceToTrain.Should().BeGreaterThan(3);
        fresh.ShareCloserToTrain!.Value.Should().BeApproximately(fresh.ShareCloserToHoldout!.Value, 0.1, "rows the model never saw are as close as rows it learnt from");
    }

    [Fact]
    public void With_four_times_more_training_rows_than_holdout_rows_a_copy_is_closer_to_training_by_the_share_searched()
    {
        // As many training rows as holdout rows are searched (a fair race), a quarter of them here: a
        // copied row whose original is among them is at distance 0; the others race evenly.
        var train = Uniform(8_000, seed: 1);
        var holdout = Uniform(2_000, seed: 2);

        var copy = SynthesisEvaluator.Evaluate(train, holdout, train, new EvaluationOptions { Seed = 3 }).PrivacyRisk;
        var fresh = SynthesisEvaluator.Evaluate(train, holdout, Uniform(8_000, seed: 9), new EvaluationOptions { Seed = 3 }).PrivacyRisk;

        copy.ReferenceRows.Should().Be(2_000);
        copy.TrainFractionSearched.Should().Be(0.25);
        copy.ExactMatchRate.Should().Be(1, "exact copies are looked up among every training row");
        (copy.ShareCloserToTrain - copy.ShareCloserToHoldout).Should().BeApproximately(0.25, 0.05);
        (fresh.ShareCloserToTrain - fresh.ShareCloserToHoldout).Should().BeApproximately(0, 0.05);
        fresh.ExactMatchRate.Should().BeLessThan(0.01);
    }

    [Fact]
    public void Without_a_holdout_the_parts_that_need_one_are_null_and_the_rest_is_measured()
    {
        var train = Tree.Sample(2_000, 1);

        var report = SynthesisEvaluator.Evaluate(train, null, Tree.Sample(2_000, 5));

        report.Utility.Should().BeNull();
        report.HoldoutRows.Should().Be(0);
        report.PrivacyRisk.MedianDistanceToHoldout.Should().BeNull();
        report.PrivacyRisk.ShareCloserToTrain.Should().BeNull();
        report.PrivacyRisk.HoldoutExactMatchRate.Should().BeNull();
        report.PrivacyRisk.TrainFractionSearched.Should().BeNull();
        report.Marginals.MeanTwoWay.Should().BeInRange(0, 0.2);
    }

    [Fact]
    public void The_same_tables_and_seed_give_the_same_report_as_json()
    {
        var (train, holdout, synthetic) = (Tree.Sample(3_000, 1), Tree.Sample(1_000, 2), Tree.Sample(3_000, 3));
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var first = JsonSerializer.Serialize(SynthesisEvaluator.Evaluate(train, holdout, synthetic, new EvaluationOptions { Seed = 8, MaxDegreeOfParallelism = 1 }), json);
        var second = JsonSerializer.Serialize(SynthesisEvaluator.Evaluate(train, holdout, synthetic, new EvaluationOptions { Seed = 8 }), json);

        second.Should().Be(first, "neither threads nor runs change the report");
        JsonDocument.Parse(first).RootElement.GetProperty("utility").GetProperty("synthetic").GetProperty("macroF1").GetDouble().Should().BeInRange(0, 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Constant_columns_and_tiny_tables_give_finite_figures(int attributes)
    {
        // Every column constant (a one-value domain, or a value the synthetic table never varies): no
        // variance, no association, nothing to learn; System.Text.Json refuses NaN, so serialising checks it.
        var domain = new Domain([.. Enumerable.Range(0, attributes).Select(i => $"c{i}")], [.. Enumerable.Repeat(2, attributes)]);
        EncodedTable Constant(int rows, int code) => new(domain, [.. Enumerable.Range(0, attributes).Select(_ => Enumerable.Repeat(code, rows).ToArray())]);

        var report = SynthesisEvaluator.Evaluate(Constant(3, 0), Constant(1, 1), Constant(2, 0), new EvaluationOptions { Ordered = [.. Enumerable.Repeat(true, attributes)] });

        var act = () => JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        act.Should().NotThrow();
        report.Associations.MaxAbsoluteDifference.Should().Be(0);
        report.Utility!.Real.Accuracy.Should().Be(0, "the holdout's only class never occurs in training");
        report.Utility.AccuracyRatio.Should().BeNull("a ratio to zero is not available");
    }

    [Fact]
    public void An_unknown_target_or_a_table_of_another_domain_is_refused_naming_it()
    {
        var train = Tree.Sample(500, 1);
        var other = Uniform(500, 2);

        var unknownTarget = () => SynthesisEvaluator.Evaluate(train, null, train, new EvaluationOptions { Target = "income" });
        var otherDomain = () => SynthesisEvaluator.Evaluate(train, null, other);

        unknownTarget.Should().Throw<ArgumentException>().WithMessage("target: 'income'*");
        otherDomain.Should().Throw<ArgumentException>().WithMessage("synthetic:*domain*");
    }

    private static int Index(string name) => Tree.Domain.Names.ToList().IndexOf(name);

    private static EncodedTable ShuffleEachColumn(EncodedTable table, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var columns = table.Columns.Select(c =>
        {
            var copy = (int[])c.Clone();
            for (var i = copy.Length - 1; i > 0; i--)
            {
                var j = (int)(random.NextDouble() * (i + 1));
                (copy[i], copy[j]) = (copy[j], copy[i]);
            }
            return copy;
        }).ToArray();
        return new EncodedTable(table.Domain, columns);
    }

    private static EncodedTable WithTarget(EncodedTable table, Func<int[], int> rule)
    {
        var target = new int[table.Rows];
        var row = new int[table.Domain.Count];
        for (var r = 0; r < table.Rows; r++)
        {
            for (var c = 0; c < row.Length; c++) row[c] = table.Columns[c][r];
            target[r] = rule(row);
        }
        var domain = new Domain([.. table.Domain.Names, "t"], [.. table.Domain.Sizes, 2]);
        return new EncodedTable(domain, [.. table.Columns, target]);
    }

    private static EncodedTable Uniform(int rows, ulong seed)
    {
        var random = new PrivateRandom(seed);
        var columns = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, rows).Select(_ => (int)(random.NextDouble() * 10)).ToArray()).ToArray();
        return new EncodedTable(new Domain([.. Enumerable.Range(0, 10).Select(i => $"u{i}")], [.. Enumerable.Repeat(10, 10)]), columns);
    }
}
