namespace Synth.Core.Privacy.Evaluation;

/// <summary>
/// How faithful and how safe a synthetic table is, measured against the real rows it was fitted
/// on (train) and real rows it never saw (holdout). The report describes the real data, so it is
/// for the data's owner: it is not differentially private.
/// </summary>
public static class SynthesisEvaluator
{
    public static EvaluationReport Evaluate(EncodedTable train, EncodedTable? holdout, EncodedTable synthetic, EvaluationOptions? options = null) =>
        throw new NotImplementedException("being written");
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

/// <summary>The evaluation, JSON-serialisable (the API returns it as is).</summary>
public sealed record EvaluationReport(MarginalDistanceSummary Marginals);
