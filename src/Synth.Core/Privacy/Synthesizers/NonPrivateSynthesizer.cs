using Synth.Core.Privacy.Accounting;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// No privacy (ε = ∞), for data that is not sensitive: AIM's loop with exact marginals and greedy
/// choices — each round adds the workload marginal the model gets most wrong, within the model
/// size limit — then the same estimation and sampling. <see cref="AimOptions.Rounds"/> sets how
/// many marginals are added (default: one per attribute).
/// </summary>
public sealed class NonPrivateSynthesizer : ISynthesizer
{
    public string Name => "nonprivate";

    public ISynthesisModel Fit(EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (!budget.IsInfinite)
        {
            throw new ArgumentException($"the non-private synthesizer gives no privacy guarantee; it takes PrivacyBudget.Infinite, not {budget}", nameof(budget));
        }
        return AimSynthesizer.Run(Name, data, budget, options, progress, cancellationToken);
    }
}
