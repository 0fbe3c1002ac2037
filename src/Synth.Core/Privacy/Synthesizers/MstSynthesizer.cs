using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// MST (McKenna, Miklau and Sheldon 2021, winner of the 2018 NIST challenge). The budget is split
/// in thirds: (1) every 1-way marginal; (2) choosing a spanning tree of attribute pairs, one edge
/// at a time with the exponential mechanism, an edge scoring the L1 error of the independent
/// (1-way) estimate on that pair's marginal; (3) the tree's 2-way marginals. Values with noisy
/// counts below 3σ are merged before (2). The model is Private-PGM's estimate from (1) and (3).
/// </summary>
public sealed class MstSynthesizer : ISynthesizer
{
    public string Name => "mst";

    public ISynthesisModel Fit(EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fit = new FitContext(Name, data, budget, options, progress, cancellationToken);
        var mst = fit.Options.Mst;
        var domain = data.Domain;
        var d = domain.Count;
        // One attribute has no pairs: all of ρ goes to its 1-way marginal.
        var thirds = d > 1 ? 3.0 : 1.0;
        var sigma = fit.IsPrivate ? Math.Sqrt(thirds / (2 * fit.Rho)) : 1.0;

        // (1) 1-way marginals, ρ/3 shared equally: σ√d each.
        var singles = Enumerable.Range(0, d).Select(a => new AttributeSet(a)).ToArray();
        var oneWayCounts = MarginalCounter.Count(data, singles, fit.Threads);
        var sigma1 = fit.IsPrivate ? sigma * Math.Sqrt(d) : 1.0;
        fit.Report("measure", 0, string.Create(CultureInfo.InvariantCulture, $"measuring {d} 1-way marginals (sigma {sigma1:G4})"));
        var oneWay = singles.Select(s => fit.Measure(s, oneWayCounts[s[0]], sigma1, $"1-way marginal {FitContext.Name(domain, s)}")).ToArray();

        var compression = fit.IsPrivate && mst.CompressDomain
            ? DomainCompression.FromSupport([.. oneWay.Select(m => m.Values.Select(y => y >= 3 * m.Sigma).ToArray())])
            : DomainCompression.Identity(domain.Sizes);
        var compressed = compression.IsIdentity ? data : compression.Compress(data);
        var sizes = compression.CompressedSizes;
        var log1 = oneWay.Select((m, a) => Compress(m, compression, a)).ToList();
        if (d == 1)
        {
            var single = fit.Estimate(sizes, log1, mst.FinalIterations, mst.RelativeTolerance, null, "estimate", 0.1, 1.0);
            return fit.Finish(compression, single);
        }

        // (2) the tree.
        fit.Report("select", 0.05, "estimating from the 1-way marginals to score attribute pairs");
        var independent = fit.Estimate(sizes, log1, mst.SelectionIterations, mst.RelativeTolerance, null, "select", 0.05, 0.15);
        var pairs = new List<AttributeSet>();
        for (var a = 0; a < d; a++)
        {
            for (var b = a + 1; b < d; b++) pairs.Add(new AttributeSet(a, b));
        }
        var pairCounts = MarginalCounter.Count(compressed, pairs, fit.Threads);
        var estimates = independent.ProjectMany(pairs, fit.Threads, cancellationToken);
        var errors = pairs.Select((_, i) => L1(pairCounts[i], estimates[i].Values)).ToArray();
        var edges = SelectTree(fit, pairs, errors, d, domain);

        // (3) the tree's 2-way marginals, ρ/3 shared equally.
        var sigma2 = fit.IsPrivate ? sigma * Math.Sqrt(edges.Count) : 1.0;
        fit.Report("measure", 0.2, string.Create(CultureInfo.InvariantCulture, $"measuring {edges.Count} 2-way marginals (sigma {sigma2:G4})"));
        var log2 = edges.Select(i => fit.Measure(pairs[i], pairCounts[i], sigma2, $"2-way marginal {FitContext.Name(domain, pairs[i])}"));
        var model = fit.Estimate(sizes, [.. log1, .. log2], mst.FinalIterations, mst.RelativeTolerance, null, "estimate", 0.2, 1.0);
        fit.Report("done", 1, "fitted");
        return fit.Finish(compression, model);
    }

    // Kruskal with a private choice at every step: among the pairs that join two components, the
    // exponential mechanism (sensitivity 1: one row moves an L1 error by at most 1) picks one.
    // d−1 steps share ρ/3, so each gets ε = √(8·(ρ/3)/(d−1)).
    private static List<int> SelectTree(FitContext fit, List<AttributeSet> pairs, double[] errors, int d, Domain domain)
    {
        var epsilon = fit.IsPrivate ? Math.Sqrt(8 * (fit.Rho / 3) / (d - 1)) : double.PositiveInfinity;
        var component = Enumerable.Range(0, d).ToArray();
        int Find(int x)
        {
            while (component[x] != x) x = component[x] = component[component[x]];
            return x;
        }
        var chosen = new List<int>();
        var candidates = new List<int>();
        var qualities = new List<double>();
        for (var step = 0; step < d - 1; step++)
        {
            candidates.Clear();
            qualities.Clear();
            for (var i = 0; i < pairs.Count; i++)
            {
                if (Find(pairs[i][0]) == Find(pairs[i][1])) continue;
                candidates.Add(i);
                qualities.Add(errors[i]);
            }
            var pick = candidates[fit.Select(qualities.ToArray(), epsilon, 1.0, $"tree edge {step + 1} of {d - 1}")];
            component[Find(pairs[pick][0])] = Find(pairs[pick][1]);
            chosen.Add(pick);
            fit.Report("select", 0.15 + 0.05 * (step + 1) / (d - 1), $"edge {pairs[pick].ToString(domain)}");
        }
        return chosen;
    }

    // A 1-way measurement over the compressed domain: kept cells as they were; the merged cell is
    // the sum of the rare cells' noisy counts (noise σ√m), expressed as (1/√m)·x_rare with noise σ.
    private static NoisyMeasurement Compress(NoisyMeasurement m, DomainCompression compression, int attribute)
    {
        var kept = compression.Kept[attribute];
        var rare = compression.Rare[attribute];
        if (rare.Length == 0) return m;
        var values = new double[kept.Length + 1];
        var weights = new double[kept.Length + 1];
        for (var i = 0; i < kept.Length; i++)
        {
            values[i] = m.Values[kept[i]];
            weights[i] = 1;
        }
        var scale = 1 / Math.Sqrt(rare.Length);
        values[^1] = rare.Sum(v => m.Values[v]) * scale;
        weights[^1] = scale;
        return new NoisyMeasurement(m.Attributes, values, m.Sigma, weights);
    }

    internal static double L1(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return sum;
    }
}
