using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Marginals;
using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// What PrivSyn publishes: noisy 1-way and 2-way marginals, made consistent, from which rows are
/// synthesised by the gradual update method (GUM, <see cref="GradualUpdate"/>). Everything here is
/// post-processing of the released marginals.
/// </summary>
public sealed class PrivSynModel : ISynthesisModel
{
    private readonly double[] _sigmas;

    public PrivSynModel(string method, Domain domain, AttributeSet[] sets, double[][] tables, double[] sigmas, double total, int updateIterations,
        PrivacyBudget budget, IReadOnlyList<PrivacySpend> spends)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sets.Length != tables.Length || sets.Length != sigmas.Length) throw new ArgumentException("one table and one sigma per marginal");
        for (var k = 0; k < sets.Length; k++)
        {
            if (sets[k].Count is < 1 or > 2) throw new ArgumentException($"marginal {k}: PrivSyn publishes 1-way and 2-way marginals only");
            if (sets[k].Indices.ToArray().Any(a => a >= domain.Count)) throw new ArgumentException($"marginal {k}: an attribute outside the domain");
            if (tables[k].Length != sets[k].Cells(domain.Sizes)) throw new ArgumentException($"marginal {k}: {tables[k].Length} values for {sets[k].Cells(domain.Sizes)} cells");
        }
        for (var a = 0; a < domain.Count; a++)
        {
            if (!sets.Any(s => s.Count == 1 && s[0] == a)) throw new ArgumentException($"attribute '{domain.Names[a]}' has no 1-way marginal");
        }
        if (!(total > 0)) throw new ArgumentOutOfRangeException(nameof(total), total, "total must be > 0");
        if (updateIterations < 1) throw new ArgumentOutOfRangeException(nameof(updateIterations), updateIterations, "must be >= 1");
        Method = method;
        Domain = domain;
        Sets = sets;
        Tables = tables;
        _sigmas = sigmas;
        Total = total;
        UpdateIterations = updateIterations;
        Budget = budget ?? throw new ArgumentNullException(nameof(budget));
        Spends = spends ?? throw new ArgumentNullException(nameof(spends));
    }

    public string Method { get; }

    public Domain Domain { get; }

    /// <summary>The published marginals' attributes: every 1-way marginal, then the chosen pairs.</summary>
    public IReadOnlyList<AttributeSet> Sets { get; }

    /// <summary>Their counts (consistent, non-negative, each adding up to <see cref="Total"/> once <see cref="MakeConsistent"/> ran).</summary>
    public IReadOnlyList<double[]> Tables { get; }

    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <summary>The estimated number of rows.</summary>
    public double Total { get; }

    /// <summary>GUM passes over the marginals when sampling.</summary>
    public int UpdateIterations { get; }

    public PrivacyBudget Budget { get; }

    public IReadOnlyList<PrivacySpend> Spends { get; }

    public EncodedTable Sample(int rows, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var columns = GradualUpdate.Synthesize(Domain, Sets, Tables, rows, UpdateIterations, new PrivateRandom(seed));
        return new EncodedTable(Domain, columns);
    }

    public byte[] Serialize() => PrivSynModelFormat.Write(this);

    /// <summary>
    /// PrivSyn's consistency post-processing, <paramref name="rounds"/> times: for each attribute, every
    /// marginal that holds it is shifted (evenly over its other cells) to the inverse-variance weighted
    /// mean of their projections on it (their 1-way views then agree); then each table is made
    /// non-negative with its sum kept (Norm-Sub: add one δ to every cell and clip at 0, δ chosen so the
    /// sum is <see cref="Total"/>). Ends on Norm-Sub, so every table is a distribution of Total rows.
    /// </summary>
    internal void MakeConsistent(int rounds)
    {
        var sizes = Domain.Sizes;
        for (var round = 0; round < rounds; round++)
        {
            for (var a = 0; a < Domain.Count; a++)
            {
                var holders = Enumerable.Range(0, Sets.Count).Where(k => Sets[k].Contains(a)).ToArray();
                if (holders.Length < 2) continue;
                var target = new double[sizes[a]];
                var weightSum = 0.0;
                var projections = new double[holders.Length][];
                for (var h = 0; h < holders.Length; h++)
                {
                    var k = holders[h];
                    projections[h] = Project(k, a);
                    // A projected cell sums cells/size[a] noisy cells: that many times the variance.
                    var weight = 1 / (_sigmas[k] * _sigmas[k] * (Tables[k].Length / (double)sizes[a]));
                    weightSum += weight;
                    for (var v = 0; v < sizes[a]; v++) target[v] += weight * projections[h][v];
                }
                for (var v = 0; v < sizes[a]; v++) target[v] /= weightSum;
                for (var h = 0; h < holders.Length; h++) Shift(holders[h], a, target, projections[h]);
            }
            foreach (var table in Tables) NormSub(table, Total);
        }
        if (rounds == 0)
        {
            foreach (var table in Tables) NormSub(table, Total);
        }
    }

    private double[] Project(int k, int a)
    {
        var set = Sets[k];
        var table = Tables[k];
        var result = new double[Domain.Sizes[a]];
        if (set.Count == 1)
        {
            table.AsSpan().CopyTo(result);
            return result;
        }
        var inner = Domain.Sizes[set[1]];
        for (var i = 0; i < table.Length; i++) result[set[0] == a ? i / inner : i % inner] += table[i];
        return result;
    }

    private void Shift(int k, int a, double[] target, double[] projection)
    {
        var set = Sets[k];
        var table = Tables[k];
        var spread = table.Length / (double)Domain.Sizes[a];
        var inner = set.Count == 2 ? Domain.Sizes[set[1]] : 1;
        for (var i = 0; i < table.Length; i++)
        {
            var v = set.Count == 1 ? i : set[0] == a ? i / inner : i % inner;
            table[i] += (target[v] - projection[v]) / spread;
        }
    }

    /// <summary>Adds one δ to every cell and clips at 0, with δ such that the cells add up to <paramref name="total"/>.</summary>
    internal static void NormSub(double[] table, double total)
    {
        if (table.Length == 0) return;
        // Σ max(x + δ, 0) grows with δ: bisection between a δ giving 0 and one giving at least the total.
        double low = -table.Max(), high = total / table.Length - table.Min();
        for (var i = 0; i < 100; i++)
        {
            var mid = 0.5 * (low + high);
            var sum = 0.0;
            foreach (var x in table) sum += Math.Max(0, x + mid);
            if (sum < total) low = mid;
            else high = mid;
        }
        for (var i = 0; i < table.Length; i++) table[i] = Math.Max(0, table[i] + high);
        var scale = total / table.Sum();
        if (double.IsFinite(scale)) for (var i = 0; i < table.Length; i++) table[i] *= scale;
    }
}
