using System.Globalization;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Estimation;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// AIM (McKenna, Mullins, Sheldon and Miklau 2022): an adaptive, workload-aware loop. After the
/// 1-way marginals, each round picks, with the exponential mechanism, the workload-related
/// marginal the current model gets most wrong (L1 error minus the error its noise alone would
/// cause, weighted by how much of the workload it touches), among those that keep the model under
/// a size limit growing with the budget spent; measures it; re-estimates. When a measurement
/// barely moves the model, noise is halved (the budget per round grows). The last round spends
/// exactly what is left.
/// </summary>
public sealed class AimSynthesizer : ISynthesizer
{
    private static readonly double BiasPerCell = Math.Sqrt(2 / Math.PI);

    // Candidates projected together (see Score), and the garbage their projections may leave before it is collected.
    private const int ScoreBatch = 24;
    private const long ScratchBytes = 32L << 20;

    public string Name => "aim";

    public ISynthesisModel Fit(EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(Name, data, budget, options, progress, cancellationToken);

    internal static ISynthesisModel Run(string method, EncodedTable data, PrivacyBudget budget, SynthesizerOptions? options, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        var fit = new FitContext(method, data, budget, options, progress, cancellationToken);
        var aim = fit.Options.Aim;
        if (aim.Degree < 1) throw new ArgumentOutOfRangeException(nameof(options), aim.Degree, "Aim.Degree must be >= 1");
        if (aim.MaxModelSizeMb <= 0) throw new ArgumentOutOfRangeException(nameof(options), aim.MaxModelSizeMb, "Aim.MaxModelSizeMb must be > 0");
        var domain = data.Domain;
        var sizes = domain.Sizes;
        var d = domain.Count;

        var candidates = Candidates(domain, aim.Degree, aim.MaxCells);
        var sets = candidates.Keys.Order().ToArray();
        var weights = sets.Select(s => candidates[s]).ToArray();
        var answers = MarginalCounter.Count(data, sets, fit.Threads);
        var index = sets.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);

        var rounds = aim.Rounds ?? (fit.IsPrivate ? 16 * d : d);
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(options), rounds, "Aim.Rounds must be >= 1");
        var rho = fit.Rho;
        var sigma = fit.IsPrivate ? Math.Sqrt(rounds / (2 * 0.9 * rho)) : 1.0;
        var epsilon = fit.IsPrivate ? Math.Sqrt(8 * 0.1 * rho / rounds) : double.PositiveInfinity;

        var measurements = new List<NoisyMeasurement>();
        fit.Report("measure", 0, string.Create(CultureInfo.InvariantCulture, $"measuring {d} 1-way marginals (sigma {sigma:G4})"));
        for (var a = 0; a < d; a++)
        {
            var single = new AttributeSet(a);
            measurements.Add(fit.Measure(single, answers[index[single]], sigma, $"1-way marginal {single.ToString(domain)}"));
        }
        var used = fit.IsPrivate ? d * Zcdp.GaussianRho(sigma) : 0;
        var model = fit.Estimate(sizes, measurements, aim.RoundIterations, aim.RoundTolerance, null, "estimate", 0, 0);

        var finalRound = false;
        for (var round = 1; !finalRound; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double sizeLimit;
            if (fit.IsPrivate)
            {
                // Too little left for two more rounds at this rate: one last round spends it all.
                if (rho - used < 2 * (Zcdp.GaussianRho(sigma) + Zcdp.ExponentialRho(epsilon)))
                {
                    var remaining = rho - used;
                    sigma = Math.Sqrt(1 / (2 * 0.9 * remaining));
                    epsilon = Math.Sqrt(8 * 0.1 * remaining);
                    finalRound = true;
                }
                used += Zcdp.ExponentialRho(epsilon) + Zcdp.GaussianRho(sigma);
                sizeLimit = aim.MaxModelSizeMb * used / rho;
            }
            else
            {
                sizeLimit = aim.MaxModelSizeMb;
                finalRound = round >= rounds;
            }

            var eligible = Eligible(sets, model, sizeLimit, fit);
            var bias = fit.IsPrivate ? BiasPerCell * sigma : 0;
            var errors = Score(model, sets, weights, answers, eligible, bias, fit);
            if (!fit.IsPrivate && errors.Max() <= 1e-9 * model.Total * weights.Max()) break;
            var sensitivity = eligible.Max(i => Math.Abs(weights[i]));
            var selected = eligible[fit.Select(errors, epsilon, sensitivity, $"round {round}: selection")];
            var chosen = sets[selected];
            var cells = answers[selected].Length;
            measurements.Add(fit.Measure(chosen, answers[selected], sigma, $"round {round}: marginal {chosen.ToString(domain)}"));

            var before = model.Project(chosen).Values;
            var share = fit.IsPrivate ? Math.Min(1, used / rho) : (double)round / rounds;
            fit.Report("round", 0.9 * share, string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {chosen.ToString(domain)} ({cells} cells, sigma {sigma:G4}), {share:P0} of the budget, model {model.Tree.Cells} cells"));
            var previous = model;
            model = fit.Estimate(sizes, measurements, aim.RoundIterations, aim.RoundTolerance, previous, "round", 0.9 * share, 0.9 * share);
            fit.Retire(previous);
            var after = model.Project(chosen).Values;
            // The new measurement changed the estimate by less than its own noise would: the
            // noise is too coarse to help, so spend more per round from now on.
            if (fit.IsPrivate && MstSynthesizer.L1(after, before) <= sigma * BiasPerCell * cells)
            {
                sigma /= 2;
                epsilon *= 2;
            }
        }

        fit.Report("estimate", 0.9, "final estimate");
        var final = fit.Estimate(sizes, measurements, aim.FinalIterations, 0, model, "estimate", 0.9, 1.0);
        fit.Retire(model);
        fit.Report("done", 1, "fitted");
        return fit.Finish(DomainCompression.Identity(sizes), final);
    }

    /// <summary>
    /// The workload (every attribute set of size <paramref name="degree"/> with at most
    /// <paramref name="maxCells"/> cells, or of the largest size that has some) closed downwards;
    /// each candidate weighted by Σ over workload sets of the attributes it shares with them.
    /// </summary>
    internal static Dictionary<AttributeSet, double> Candidates(Domain domain, int degree, int maxCells)
    {
        var d = domain.Count;
        var size = Math.Min(degree, d);
        var workload = Combinations(d, size).Where(s => s.Cells(domain.Sizes) <= maxCells).ToList();
        if (workload.Count == 0) workload = [.. Enumerable.Range(0, d).Select(a => new AttributeSet(a))];
        var candidates = new Dictionary<AttributeSet, double>();
        foreach (var w in workload)
        {
            foreach (var subset in NonEmptySubsets(w)) candidates[subset] = 0;
        }
        // Every attribute is measured once at the start, even one outside the workload.
        for (var a = 0; a < d; a++) candidates.TryAdd(new AttributeSet(a), 0);
        foreach (var c in candidates.Keys.ToList())
        {
            candidates[c] = workload.Sum(w => (double)c.Intersect(w).Count);
        }
        return candidates;
    }

    // The L1 error of the model on each eligible candidate, less what the noise alone would cause,
    // weighted. Candidates are projected a batch at a time: a projection caches the clique sums its
    // marginals share, clique-sized tables on the large-object heap, and all of a round's at once would
    // be the largest share of a big fit's peak memory. Once a batch's leftovers (with any before)
    // exceed ScratchBytes they are collected at once (milliseconds, against seconds of estimation per
    // round), rather than whenever the GC's own budget, which grows with the heap, would; aggressively,
    // so that the freed pages go back to the OS instead of staying in the process's working set.
    // Small models never reach the threshold, so their rounds collect nothing. Batches do not change a
    // result: each marginal is computed the same way whatever the cache holds. (Adult, ε = 3, seed 2:
    // peak 447-494 MB with one collection per round, 345-381 MB with a 64 MB threshold, 306 MB with 32:
    // at 64 the working set sat at 340-360 MB through the last rounds.)
    private static double[] Score(GraphicalModel model, AttributeSet[] sets, double[] weights, double[][] answers, int[] eligible, double bias, FitContext fit)
    {
        var errors = new double[eligible.Length];
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        for (var from = 0; from < eligible.Length; from += ScoreBatch)
        {
            var batch = eligible.AsSpan(from, Math.Min(ScoreBatch, eligible.Length - from)).ToArray();
            var estimates = model.ProjectMany([.. batch.Select(i => sets[i])], fit.Threads, fit.CancellationToken, fit.Options.Kernels);
            for (var e = 0; e < batch.Length; e++)
            {
                var i = batch[e];
                errors[from + e] = weights[i] * (MstSynthesizer.L1(answers[i], estimates[e].Values) - bias * answers[i].Length);
            }
            if (GC.GetTotalMemory(forceFullCollection: false) - baseline > ScratchBytes)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                baseline = GC.GetTotalMemory(forceFullCollection: false);
            }
        }
        return errors;
    }

    // Candidates inside a clique of the current model are free; others must keep the model (with
    // them added) under the size limit.
    private static int[] Eligible(AttributeSet[] sets, GraphicalModel model, double sizeLimitMb, FitContext fit)
    {
        var cliques = model.Tree.Cliques;
        var ok = new bool[sets.Length];
        Parallel.For(0, sets.Length, new ParallelOptions { MaxDegreeOfParallelism = fit.Threads, CancellationToken = fit.CancellationToken }, i =>
        {
            if (cliques.Any(sets[i].IsSubsetOf))
            {
                ok[i] = true;
                return;
            }
            var megabytes = JunctionTree.ModelCells(model.Tree.Sizes, [.. cliques, sets[i]]) * sizeof(double) / (1 << 20);
            ok[i] = megabytes <= sizeLimitMb;
        });
        var eligible = Enumerable.Range(0, sets.Length).Where(i => ok[i]).ToArray();
        // Single attributes are always inside some clique, so this never happens; guard anyway.
        if (eligible.Length == 0) throw new InvalidOperationException("no candidate fits the model size limit");
        return eligible;
    }

    private static IEnumerable<AttributeSet> Combinations(int n, int k)
    {
        var current = new int[k];
        IEnumerable<AttributeSet> Recurse(int start, int depth)
        {
            if (depth == k)
            {
                yield return new AttributeSet(current);
                yield break;
            }
            for (var i = start; i <= n - (k - depth); i++)
            {
                current[depth] = i;
                foreach (var s in Recurse(i + 1, depth + 1)) yield return s;
            }
        }
        return Recurse(0, 0);
    }

    private static IEnumerable<AttributeSet> NonEmptySubsets(AttributeSet set)
    {
        for (var mask = 1; mask < 1 << set.Count; mask++)
        {
            var members = new List<int>();
            for (var b = 0; b < set.Count; b++)
            {
                if ((mask & (1 << b)) != 0) members.Add(set[b]);
            }
            yield return new AttributeSet(members);
        }
    }
}
