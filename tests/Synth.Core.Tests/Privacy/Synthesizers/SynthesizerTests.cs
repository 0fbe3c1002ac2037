using Synth.Core.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Synthesizers;

namespace Synth.Core.Tests.Privacy.Synthesizers;

public class SynthesizerTests
{
    private static readonly KnownDistribution Distribution = KnownDistribution.Tree();
    private static readonly EncodedTable Data = Distribution.Sample(20_000, seed: 1);

    private static SynthesizerOptions Options(ulong seed = 5, int threads = -1) => new()
    {
        Seed = seed,
        MaxDegreeOfParallelism = threads,
        Mst = { FinalIterations = 1500, SelectionIterations = 300 },
        Aim = { RoundIterations = 200, FinalIterations = 1500 },
    };

    public static TheoryData<string> Methods() => ["independent", "mst", "aim", "privsyn"];

    [Theory]
    [InlineData("mst")]
    [InlineData("aim")]
    [InlineData("privsyn")]
    [InlineData("nonprivate")]
    public void Without_privacy_a_tree_distribution_is_recovered_closely(string method)
    {
        var model = SynthesizerRegistry.Default.Get(method).Fit(Data, PrivacyBudget.Infinite, Options());

        var synthetic = model.Sample(20_000, seed: 2);

        // Sampling alone gives about this much: the data and the copy are both 20,000-row samples.
        var tv = MarginalDistance.Summarize(Data, synthetic);
        tv.MeanOneWay.Should().BeLessThan(0.01);
        tv.MeanTwoWay.Should().BeLessThan(0.02);
        tv.MaxTwoWay.Should().BeLessThan(0.04);
    }

    [Theory]
    [InlineData("mst")]
    [InlineData("aim")]
    [InlineData("privsyn")]
    public void With_a_huge_epsilon_the_copy_is_nearly_as_good_as_without_privacy(string method)
    {
        var model = SynthesizerRegistry.Default.Get(method).Fit(Data, PrivacyBudget.FromEpsilon(1000, 1e-9), Options());

        var tv = MarginalDistance.Summarize(Data, model.Sample(20_000, seed: 2));

        tv.MeanTwoWay.Should().BeLessThan(0.025);
    }

    [Fact]
    public void Independent_keeps_columns_but_not_their_relationships()
    {
        var model = new IndependentSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(1000, 1e-9), Options());

        var tv = MarginalDistance.Summarize(Data, model.Sample(20_000, seed: 2));

        tv.MeanOneWay.Should().BeLessThan(0.01);
        tv.MeanTwoWay.Should().BeGreaterThan(0.05);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_fit_spends_exactly_its_budget_and_says_on_what(string method)
    {
        var budget = PrivacyBudget.FromEpsilon(1, 1e-9);

        var model = SynthesizerRegistry.Default.Get(method).Fit(Data, budget, Options());

        model.Method.Should().Be(method);
        model.Budget.Should().Be(budget);
        model.Spends.Sum(s => s.Rho).Should().BeApproximately(budget.Rho, budget.Rho * 1e-9);
        model.Spends.Should().Contain(s => s.Purpose.StartsWith("1-way marginal", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_same_seed_gives_the_same_model_and_rows_on_any_thread_count(string method)
    {
        var budget = PrivacyBudget.FromEpsilon(2, 1e-9);

        var one = SynthesizerRegistry.Default.Get(method).Fit(Data, budget, Options(seed: 9, threads: 1));
        var many = SynthesizerRegistry.Default.Get(method).Fit(Data, budget, Options(seed: 9, threads: 4));
        var other = SynthesizerRegistry.Default.Get(method).Fit(Data, budget, Options(seed: 10, threads: 4));

        many.Serialize().Should().Equal(one.Serialize());
        many.Sample(500, 3).Columns.Should().BeEquivalentTo(one.Sample(500, 3).Columns, o => o.WithStrictOrdering());
        other.Serialize().Should().NotEqual(one.Serialize());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_stored_model_samples_the_same_rows_as_the_original(string method)
    {
        var model = SynthesizerRegistry.Default.Get(method).Fit(Data, PrivacyBudget.FromEpsilon(1, 1e-9), Options());

        var bytes = model.Serialize();
        var loaded = SynthesizerRegistry.Load(bytes);

        loaded.Method.Should().Be(method);
        loaded.Domain.Should().BeEquivalentTo(model.Domain);
        loaded.Budget.Should().Be(model.Budget);
        loaded.Spends.Should().Equal(model.Spends);
        loaded.Serialize().Should().Equal(bytes);
        loaded.Sample(2000, 7).Columns.Should().BeEquivalentTo(model.Sample(2000, 7).Columns, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Mst_merges_rare_values_and_samples_them_back_in_the_original_domain()
    {
        // Attribute 1 has 40 values but almost all rows use 3 of them.
        var rows = 5000;
        var columns = new[] { new int[rows], new int[rows] };
        for (var r = 0; r < rows; r++)
        {
            columns[0][r] = r % 2;
            columns[1][r] = r % 500 == 0 ? 3 + r / 500 % 37 : (r + columns[0][r]) % 3;
        }
        var data = new EncodedTable(new Domain(["x", "y"], [2, 40]), columns);

        var model = (GraphicalSynthesisModel)new MstSynthesizer().Fit(data, PrivacyBudget.FromEpsilon(1, 1e-6), Options());

        model.Compression.IsIdentity.Should().BeFalse();
        model.Compression.CompressedSizes[1].Should().BeLessThan(10);
        var synthetic = model.Sample(rows, 1);
        synthetic.Domain.Should().BeSameAs(data.Domain);
        synthetic.Columns[1].Should().OnlyContain(v => v >= 0 && v < 40);
        MarginalDistance.Summarize(data, synthetic).MeanTwoWay.Should().BeLessThan(0.1);
    }

    [Fact]
    public void The_non_private_synthesizer_refuses_a_finite_budget()
    {
        var act = () => new NonPrivateSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(1, 1e-9));

        act.Should().Throw<ArgumentException>().WithMessage("*no privacy guarantee*PrivacyBudget.Infinite*");
    }

    [Fact]
    public void The_registry_names_the_built_in_methods_and_lists_them_for_an_unknown_one()
    {
        SynthesizerRegistry.Default.Names.Should().BeEquivalentTo(["independent", "mst", "aim", "privsyn", "nonprivate"]);
        SynthesizerRegistry.Default.Get("MST").Should().BeOfType<MstSynthesizer>();

        var act = () => SynthesizerRegistry.Default.Get("privbayes");

        act.Should().Throw<KeyNotFoundException>().WithMessage("unknown synthesis method 'privbayes' (known: aim, independent, mst, nonprivate, privsyn)");
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_with_a_reason()
    {
        var model = new IndependentSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(1, 1e-9), Options());
        var bytes = model.Serialize();

        FluentActions.Invoking(() => SynthesizerRegistry.Load([1, 2, 3])).Should().Throw<FormatException>();
        FluentActions.Invoking(() => SynthesizerRegistry.Load(bytes[..^9])).Should().Throw<FormatException>().WithMessage("*truncated*");
    }

    [Fact]
    public void Progress_is_reported_and_cancellation_stops_the_fit()
    {
        var reports = new List<FitProgress>();
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            reports.Add(p);
            if (p.Stage == "round") cancellation.Cancel();
        });

        var act = () => new AimSynthesizer().Fit(Data, PrivacyBudget.FromEpsilon(1, 1e-9), Options(), progress, cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
        reports.Should().Contain(p => p.Stage == "measure");
        reports.Select(p => p.Fraction).Should().OnlyContain(f => f >= 0 && f <= 1);
    }

    private sealed class SyncProgress(Action<FitProgress> report) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) => report(value);
    }
}
