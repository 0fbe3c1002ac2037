using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// The baseline: every 1-way marginal measured with an equal share of ρ, attributes independent.
/// Good 1-way fidelity, no relationships between columns.
/// </summary>
public sealed class IndependentSynthesizer : ISynthesizer
{
    public string Name => "independent";

    public ISynthesisModel Fit(EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fit = new FitContext(Name, data, budget, options, progress, cancellationToken);
        var domain = data.Domain;
        var d = domain.Count;
        var sets = Enumerable.Range(0, d).Select(a => new AttributeSet(a)).ToArray();
        var counts = MarginalCounter.Count(data, sets, fit.Threads);
        // d measurements at σ√d each cost ρ in total.
        var sigma = fit.IsPrivate ? Zcdp.GaussianSigma(fit.Rho / d) : 1.0;
        fit.Report("measure", 0, string.Create(CultureInfo.InvariantCulture, $"measuring {d} 1-way marginals (sigma {sigma:G4})"));
        var measurements = sets.Select(s => fit.Measure(s, counts[s[0]], sigma, $"1-way marginal {FitContext.Name(domain, s)}")).ToList();
        var model = fit.Estimate([.. domain.Sizes], measurements, fit.Options.IndependentIterations, 0, null, "estimate", 0.1, 1.0);
        return fit.Finish(DomainCompression.Identity(domain.Sizes), model);
    }
}
