using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// PrivSyn (Zhang, Wang, Li, He and Chen, USENIX Security 2021). A share of ρ
/// (<see cref="PrivSynOptions.SelectionShare"/>) releases, for every pair of attributes, a Gaussian
/// noisy InDif = Σ|M_ab − M_a·M_b/n| (how far the pair is from independent; one row moves each score
/// by at most 4, so the vector of m scores has L2 sensitivity 4√m). DenseMarg then picks pairs
/// greedily: add the pair that lowers the expected total error most — the InDif of the pairs left out
/// plus the noise of publishing every 1-way marginal and the chosen pairs — and stop when none does.
/// The rest of ρ publishes those marginals, each with ρ_k ∝ cells_k^(2/3) (the split that minimises
/// the summed noise error √(2/π)·σ_k·cells_k). Post-processing makes them agree on shared attributes
/// and non-negative (<see cref="PrivSynModel"/>); rows are synthesised from them by the gradual update
/// method (GUM) when sampling.
/// </summary>
public sealed class PrivSynSynthesizer : ISynthesizer
{
    private static readonly double BiasPerCell = Math.Sqrt(2 / Math.PI);

    public string Name => "privsyn";

    public ISynthesisModel Fit(EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fit = new FitContext(Name, data, budget, options, progress, cancellationToken);
        var settings = fit.Options.PrivSyn;
        if (!(settings.SelectionShare > 0 && settings.SelectionShare < 1)) throw new ArgumentOutOfRangeException(nameof(options), settings.SelectionShare, "PrivSyn.SelectionShare must be between 0 and 1 (exclusive)");
        if (settings.ConsistencyRounds < 0) throw new ArgumentOutOfRangeException(nameof(options), settings.ConsistencyRounds, "PrivSyn.ConsistencyRounds must be >= 0");
        if (settings.UpdateIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), settings.UpdateIterations, "PrivSyn.UpdateIterations must be >= 1");
        var domain = data.Domain;
        var sizes = domain.Sizes;
        var d = domain.Count;
        var singles = Enumerable.Range(0, d).Select(a => new AttributeSet(a)).ToArray();
        var pairs = Enumerable.Range(0, d).SelectMany(a => Enumerable.Range(a + 1, d - a - 1).Select(b => new AttributeSet(a, b))).ToArray();
        var counts = MarginalCounter.Count(data, [.. singles, .. pairs], fit.Threads);

        var rho = fit.Rho;
        var chosen = new List<int>();
        var publish = rho;
        if (pairs.Length > 0)
        {
            fit.Report("select", 0, string.Create(CultureInfo.InvariantCulture, $"scoring the dependence of {pairs.Length} pairs"));
            var scores = new double[pairs.Length];
            for (var p = 0; p < pairs.Length; p++) scores[p] = InDif(counts[d + p], counts[pairs[p][0]], counts[pairs[p][1]], data.Rows);
            var sensitivity = 4 * Math.Sqrt(pairs.Length);
            var selection = fit.IsPrivate ? settings.SelectionShare * rho : 0;
            var sigma = fit.IsPrivate ? sensitivity / Math.Sqrt(2 * selection) : 0;
            var noisy = fit.Release(scores, sensitivity, sigma, $"dependency scores (InDif) of {pairs.Length} pairs");
            publish = fit.IsPrivate ? rho - selection : double.PositiveInfinity;
            chosen = DenseMarg(noisy, [.. singles.Select(s => (double)s.Cells(sizes))], [.. pairs.Select(s => (double)s.Cells(sizes))], publish);
        }

        // Publish every 1-way marginal and the chosen pairs, ρ_k ∝ cells_k^(2/3).
        var sets = singles.Concat(chosen.Select(p => pairs[p])).ToArray();
        var exact = singles.Select((_, a) => counts[a]).Concat(chosen.Select(p => counts[d + p])).ToArray();
        var weights = sets.Select(s => Math.Pow(s.Cells(sizes), 2.0 / 3)).ToArray();
        var weightSum = weights.Sum();
        fit.Report("measure", 0.2, string.Create(CultureInfo.InvariantCulture, $"publishing {d} 1-way and {chosen.Count} 2-way marginals"));
        var measurements = new List<NoisyMeasurement>(sets.Length);
        for (var k = 0; k < sets.Length; k++)
        {
            var sigma = fit.IsPrivate ? 1 / Math.Sqrt(2 * publish * weights[k] / weightSum) : 1.0;
            measurements.Add(fit.Measure(sets[k], exact[k], sigma, $"{sets[k].Count}-way marginal {sets[k].ToString(domain)}"));
        }
        fit.Report("consistency", 0.8, "making the marginals consistent");
        var total = MirrorDescentEstimator.EstimateTotal(measurements);
        var model = new PrivSynModel(Name, domain, [.. measurements.Select(m => m.Attributes)], [.. measurements.Select(m => m.Values)],
            [.. measurements.Select(m => m.Sigma)], total, settings.UpdateIterations, fit.Accountant.Budget, fit.Accountant.Spends);
        model.MakeConsistent(settings.ConsistencyRounds);
        fit.Report("done", 1, "fitted");
        return model;
    }

    /// <summary>Σ over the pair's cells of |joint − product of the 1-way marginals / n|.</summary>
    internal static double InDif(double[] joint, double[] first, double[] second, int rows)
    {
        if (rows == 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < first.Length; i++)
        {
            for (var j = 0; j < second.Length; j++) sum += Math.Abs(joint[i * second.Length + j] - first[i] * second[j] / rows);
        }
        return sum;
    }

    /// <summary>
    /// DenseMarg's greedy choice: the pairs (indices) whose publication lowers the expected error
    /// Σ_(pairs left out) InDif + √(2/π)·(Σ_(published) cells^(2/3))^(3/2) / √(2ρ) most, added one by one
    /// while the error falls (ties to the lowest index). Without privacy every dependent pair is chosen.
    /// </summary>
    internal static List<int> DenseMarg(double[] scores, double[] singleCells, double[] pairCells, double rho)
    {
        var chosen = new List<int>();
        var taken = new bool[scores.Length];
        var published = singleCells.Sum(c => Math.Pow(c, 2.0 / 3));
        double NoiseError(double weight) => double.IsPositiveInfinity(rho) ? 0 : BiasPerCell * Math.Pow(weight, 1.5) / Math.Sqrt(2 * rho);
        var error = scores.Sum(s => Math.Max(0, s)) + NoiseError(published);
        while (true)
        {
            int best = -1;
            var bestError = error;
            var left = scores.Select((s, i) => taken[i] ? 0 : Math.Max(0, s)).Sum();
            for (var p = 0; p < scores.Length; p++)
            {
                if (taken[p]) continue;
                var candidate = left - Math.Max(0, scores[p]) + NoiseError(published + Math.Pow(pairCells[p], 2.0 / 3));
                if (candidate < bestError)
                {
                    best = p;
                    bestError = candidate;
                }
            }
            if (best < 0) return [.. chosen.Order()];
            taken[best] = true;
            chosen.Add(best);
            published += Math.Pow(pairCells[best], 2.0 / 3);
            error = bestError;
        }
    }
}
