using Synth.Core.Privacy.Accounting;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// A method that learns a model of a table under a privacy budget. The data's domain is public
/// (confirmed by its owner); everything else about the data is released only through the
/// budgeted mechanisms, and the returned model can be sampled without spending more.
/// </summary>
public interface ISynthesizer
{
    /// <summary>Registry name: "independent", "mst", "aim", "nonprivate".</summary>
    string Name { get; }

    /// <summary>
    /// Fits a model spending at most <paramref name="budget"/> (it throws
    /// <see cref="PrivacyBudgetExceededException"/> rather than spend more).
    /// </summary>
    ISynthesisModel Fit(
        EncodedTable data,
        PrivacyBudget budget,
        SynthesizerOptions? options = null,
        IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
