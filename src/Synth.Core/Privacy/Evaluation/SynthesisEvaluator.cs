using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// How faithful and how safe a synthetic table is, measured against the real rows it was fitted
/// on (train) and real rows it never saw (holdout). The report describes the real data, so it is
/// for the data's owner: it is not differentially private.
/// </summary>
public static class SynthesisEvaluator
{
    /// <summary>Pairs listed as the worst, by marginal distance and by association difference.</summary>
    private const int WorstCount = 5;

    /// <summary>Most codes of a column whose marginal the report carries (<see cref="EvaluationReport.Columns"/>): enough for any chart.</summary>
    public const int MaxDrawnCodes = 1000;

    /// <summary>
    /// Evaluates <paramref name="synthetic"/> against <paramref name="train"/> (marginals,
    /// associations, copies) and, with a <paramref name="holdout"/>, the ML utility and the
    /// train-versus-holdout distances. The three tables share one domain.
    /// </summary>
    /// <exception cref="ArgumentException">The domains differ, a table is empty, the target is not an attribute, or the ordered flags do not match the domain.</exception>
    public static EvaluationReport Evaluate(EncodedTable train, EncodedTable? holdout, EncodedTable synthetic, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(synthetic);
        options ??= new EvaluationOptions();
        var domain = train.Domain;
        CheckSameDomain(domain, synthetic.Domain, "synthetic");
        if (holdout is not null) CheckSameDomain(domain, holdout.Domain, "holdout");
        if (train.Rows == 0 || synthetic.Rows == 0) throw new ArgumentException("the real and the synthetic tables need at least one row each");
        var target = options.Target is null ? domain.Count - 1 : IndexOf(domain, options.Target);
        var ordered = options.Ordered ?? [.. Enumerable.Repeat(false, domain.Count)];
        if (ordered.Count != domain.Count) throw new ArgumentException($"ordered: {ordered.Count} flags for {domain.Count} attributes");
        var threads = options.MaxDegreeOfParallelism;

        var marginals = MarginalDistance.Summarize(train, synthetic, threads);
        // Counting every pair again costs ~10 ms on Adult; not worth a second summary API.
        var pairs = domain.Count < 2 ? [] : MarginalDistance.AllWays(train, synthetic, 2, threads)
            .Select(p => new PairDistance(domain.Names[p.Attributes[0]], domain.Names[p.Attributes[1]], p.Distance))
            .ToList();
        var worstPairs = pairs.OrderByDescending(p => p.Distance).Take(WorstCount).ToList();
        var associations = Associations(train, synthetic, ordered, threads);
        var utility = holdout is { Rows: > 0 } ? MachineLearningUtility.Measure(train, holdout, synthetic, target, options.Seed, threads) : null;
        var risk = PrivacyRisk.Measure(train, holdout is { Rows: > 0 } ? holdout : null, synthetic, options.Seed, threads);
        return new EvaluationReport(train.Rows, holdout?.Rows ?? 0, synthetic.Rows, marginals, worstPairs, associations, utility, risk)
        {
            Columns = ColumnMarginals(train, synthetic),
            Pairs = pairs,
        };
    }

    private static List<ColumnMarginal> ColumnMarginals(EncodedTable train, EncodedTable synthetic)
    {
        var columns = new List<ColumnMarginal>();
        for (var i = 0; i < train.Domain.Count; i++)
        {
            if (train.Domain.Sizes[i] > MaxDrawnCodes) continue;
            var real = MarginalCounter.Count(train, new AttributeSet([i]));
            var fake = MarginalCounter.Count(synthetic, new AttributeSet([i]));
            columns.Add(new ColumnMarginal(train.Domain.Names[i], Shares(real), Shares(fake), MarginalDistance.TotalVariation(real, fake)));
        }
        return columns;
    }

    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total > 0 ? c / total : 0)];
    }

    private static AssociationSummary Associations(EncodedTable train, EncodedTable synthetic, IReadOnlyList<bool> ordered, int threads)
    {
        var pairs = AssociationMatrix.Pairs(train.Domain.Count);
        if (pairs.Count == 0) return new AssociationSummary(0, 0, []);
        var real = AssociationMatrix.Compute(train, ordered, threads);
        var fake = AssociationMatrix.Compute(synthetic, ordered, threads);
        var differences = pairs.Select((p, i) => new AssociationDifference(
            train.Domain.Names[p.A], train.Domain.Names[p.B], ordered[p.A] && ordered[p.B] ? "pearson" : "cramers-v", real[i], fake[i])).ToList();
        return new AssociationSummary(
            differences.Average(d => d.AbsoluteDifference),
            differences.Max(d => d.AbsoluteDifference),
            [.. differences.OrderByDescending(d => d.AbsoluteDifference).Take(WorstCount)]);
    }

    private static int IndexOf(Domain domain, string name)
    {
        for (var i = 0; i < domain.Count; i++)
        {
            if (string.Equals(domain.Names[i], name, StringComparison.Ordinal)) return i;
        }
        throw new ArgumentException($"target: '{name}' is not an attribute of the domain ({string.Join(", ", domain.Names)})");
    }

    private static void CheckSameDomain(Domain expected, Domain actual, string what)
    {
        if (!expected.Names.SequenceEqual(actual.Names, StringComparer.Ordinal) || !expected.Sizes.SequenceEqual(actual.Sizes))
        {
            throw new ArgumentException($"{what}: the table's domain differs from the training table's (names and sizes, in order)");
        }
    }
}

/// <summary>Settings of an evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The attribute the utility classifier predicts; null: the last one.</summary>
    public string? Target { get; init; }

    /// <summary>Per attribute: true when its codes are ordered (numeric/datetime bins); null: all unordered.</summary>
    public IReadOnlyList<bool>? Ordered { get; init; }

    /// <summary>Seed of the evaluation's own sampling (row subsets, classifier training order).</summary>
    public ulong Seed { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = -1;
}
