using System.Numerics.Tensors;
using Synth.Core.Privacy.Marginals;

namespace Synth.Core.Privacy.Estimation;

/// <summary>
/// A table of numbers over a set of attributes (row-major, ascending attribute order): a marginal,
/// a clique potential in log space, a message. Operations return new factors; the estimator's hot
/// loops use <see cref="SubsetMap"/> on raw arrays instead, to allocate nothing.
/// </summary>
public sealed class Factor
{
    private readonly int[] _shape;

    public Factor(AttributeSet attributes, IReadOnlyList<int> domainSizes, double[] values)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(domainSizes);
        ArgumentNullException.ThrowIfNull(values);
        var cells = attributes.Cells(domainSizes);
        if (values.Length != cells) throw new ArgumentException($"a factor over {attributes} has {cells} cells, got {values.Length} values", nameof(values));
        Attributes = attributes;
        DomainSizes = domainSizes;
        _shape = attributes.Shape(domainSizes);
        Values = values;
    }

    public AttributeSet Attributes { get; }

    /// <summary>Sizes of every attribute of the domain (indexed by attribute), not only this factor's.</summary>
    public IReadOnlyList<int> DomainSizes { get; }

    public ReadOnlySpan<int> Shape => _shape;

    public double[] Values { get; }

    public static Factor Zeros(AttributeSet attributes, IReadOnlyList<int> domainSizes) =>
        new(attributes, domainSizes, new double[attributes.Cells(domainSizes)]);

    public static Factor Constant(AttributeSet attributes, IReadOnlyList<int> domainSizes, double value)
    {
        var values = new double[attributes.Cells(domainSizes)];
        values.AsSpan().Fill(value);
        return new Factor(attributes, domainSizes, values);
    }

    /// <summary>Marginalises onto <paramref name="keep"/> (a subset): sums out every other attribute.</summary>
    public Factor Sum(AttributeSet keep)
    {
        var map = MapTo(keep);
        var result = new double[map.SmallCells];
        map.Sum(Values, result);
        return new Factor(keep, DomainSizes, result);
    }

    /// <summary>Sum of every cell.</summary>
    public double Total() => TensorPrimitives.Sum<double>(Values);

    /// <summary>
    /// log Σ exp over the attributes not in <paramref name="keep"/>, stable: each kept cell is
    /// shifted by its own maximum, so nothing overflows or underflows to −∞ unless all its
    /// inputs are −∞.
    /// </summary>
    public Factor LogSumExp(AttributeSet keep)
    {
        var map = MapTo(keep);
        var max = new double[map.SmallCells];
        map.Max(Values, max);
        for (var i = 0; i < max.Length; i++)
        {
            if (double.IsNegativeInfinity(max[i])) max[i] = 0;
        }
        var sums = new double[map.SmallCells];
        map.SumExp(Values, sums, max);
        for (var i = 0; i < sums.Length; i++) sums[i] = Math.Log(sums[i]) + max[i];
        return new Factor(keep, DomainSizes, sums);
    }

    /// <summary>log Σ exp of every cell.</summary>
    public double LogSumExp() => LogSumExp(AttributeSet.Empty).Values[0];

    /// <summary>The same values over a superset of attributes (constant along the new ones).</summary>
    public Factor Expand(AttributeSet superset)
    {
        ArgumentNullException.ThrowIfNull(superset);
        if (!Attributes.IsSubsetOf(superset)) throw new ArgumentException($"{Attributes} is not a subset of {superset}", nameof(superset));
        var map = new SubsetMap(superset.Indices, superset.Shape(DomainSizes), Attributes.Indices);
        var result = new double[map.LargeCells];
        map.Expand(Values, result);
        return new Factor(superset, DomainSizes, result);
    }

    /// <summary>Pointwise product over the union of both attribute sets.</summary>
    public static Factor Multiply(Factor a, Factor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var union = a.Attributes.Union(b.Attributes);
        var result = a.Expand(union);
        new SubsetMap(union.Indices, union.Shape(a.DomainSizes), b.Attributes.Indices).MultiplyInto(result.Values, b.Values);
        return result;
    }

    /// <summary>Pointwise sum over the union (the product of two log-space factors).</summary>
    public static Factor Add(Factor a, Factor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var union = a.Attributes.Union(b.Attributes);
        var result = a.Expand(union);
        new SubsetMap(union.Indices, union.Shape(a.DomainSizes), b.Attributes.Indices).AddTo(result.Values, b.Values);
        return result;
    }

    /// <summary>
    /// <paramref name="a"/> / <paramref name="b"/> where <paramref name="b"/>'s attributes are a
    /// subset of <paramref name="a"/>'s, with 0/0 = 0: a joint over a marginal gives a conditional.
    /// </summary>
    public static Factor Divide(Factor a, Factor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inverse = new double[b.Values.Length];
        for (var i = 0; i < inverse.Length; i++) inverse[i] = b.Values[i] == 0 ? 0 : 1 / b.Values[i];
        var result = (double[])a.Values.Clone();
        a.MapTo(b.Attributes).MultiplyInto(result, inverse);
        return new Factor(a.Attributes, a.DomainSizes, result);
    }

    /// <summary>
    /// Σ over every attribute not in <paramref name="keep"/> of the product of
    /// <paramref name="factors"/>, without building the product: one walk over the union of
    /// their attributes, multiplying as it goes. <paramref name="keep"/> must be within the union.
    /// </summary>
    public static Factor Contract(IReadOnlyList<Factor> factors, AttributeSet keep)
    {
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(keep);
        if (factors.Count == 0) throw new ArgumentException("nothing to contract", nameof(factors));
        var sizes = factors[0].DomainSizes;
        var union = factors.Aggregate(AttributeSet.Empty, (u, f) => u.Union(f.Attributes));
        if (!keep.IsSubsetOf(union)) throw new ArgumentException($"{keep} is not within {union}", nameof(keep));
        if (factors.Count == 1) return factors[0].Sum(keep);
        if (factors.Count == 2) return ContractPair(factors[0], factors[1], keep);

        var rank = union.Count;
        var shape = union.Shape(sizes);
        // Stride of every union axis in each factor and in the result (0 where absent).
        var strides = new int[factors.Count + 1][];
        for (var f = 0; f <= factors.Count; f++)
        {
            var attributes = f < factors.Count ? factors[f].Attributes : keep;
            strides[f] = new int[rank];
            var stride = 1;
            for (var d = rank - 1; d >= 0; d--)
            {
                if (!attributes.Contains(union[d])) continue;
                strides[f][d] = stride;
                stride *= shape[d];
            }
        }
        var result = new double[keep.Cells(sizes)];
        var offsets = new int[factors.Count + 1];
        var counter = new int[rank];
        var cells = union.Cells(sizes);
        var last = factors.Count;
        for (long cell = 0; cell < cells; cell++)
        {
            var product = factors[0].Values[offsets[0]];
            for (var f = 1; f < last && product != 0; f++) product *= factors[f].Values[offsets[f]];
            result[offsets[last]] += product;
            for (var d = rank - 1; d >= 0; d--)
            {
                for (var f = 0; f <= last; f++) offsets[f] += strides[f][d];
                if (++counter[d] < shape[d]) break;
                for (var f = 0; f <= last; f++) offsets[f] -= strides[f][d] * shape[d];
                counter[d] = 0;
            }
        }
        return new Factor(keep, sizes, result);
    }

    // Two factors as matrices: a over [shared kept, a's kept, shared summed], b likewise, so each
    // result cell is a dot product of two contiguous rows (vectorised).
    private static Factor ContractPair(Factor a, Factor b, AttributeSet keep)
    {
        var shared = a.Attributes.Intersect(b.Attributes);
        var sharedKept = shared.Intersect(keep);
        var summed = shared.Except(keep);
        var aKept = a.Attributes.Except(shared).Intersect(keep);
        var bKept = b.Attributes.Except(shared).Intersect(keep);
        var left = a.SumIfNeeded(shared.Union(aKept)).Layout([.. sharedKept.Indices, .. aKept.Indices, .. summed.Indices]);
        var right = b.SumIfNeeded(shared.Union(bKept)).Layout([.. sharedKept.Indices, .. bKept.Indices, .. summed.Indices]);
        var sizes = a.DomainSizes;
        int nk = (int)sharedKept.Cells(sizes), na = (int)aKept.Cells(sizes), nb = (int)bKept.Cells(sizes), ns = (int)summed.Cells(sizes);
        var result = new double[nk * na * nb];
        for (var k = 0; k < nk; k++)
        {
            for (var i = 0; i < na; i++)
            {
                var row = left.AsSpan((k * na + i) * ns, ns);
                for (var j = 0; j < nb; j++) result[(k * na + i) * nb + j] = TensorPrimitives.Dot(row, right.AsSpan((k * nb + j) * ns, ns));
            }
        }
        return FromLayout(keep, sizes, [.. sharedKept.Indices, .. aKept.Indices, .. bKept.Indices], result);
    }

    // Internal reads of big tables skip copies the result does not need: these two return this
    // factor's own values when nothing changes, so their results must not be written to.
    private Factor SumIfNeeded(AttributeSet keep) => keep.Equals(Attributes) ? this : Sum(keep);

    private double[] Layout(int[] order) => order.AsSpan().SequenceEqual(Attributes.Indices) ? Values : Transpose(order);

    // A factor over `attributes` from values laid out with the axes in `order` (a permutation).
    private static Factor FromLayout(AttributeSet attributes, IReadOnlyList<int> sizes, int[] order, double[] values)
    {
        var rank = order.Length;
        // Stride of each of the factor's (sorted) axes in the given layout.
        var strides = new int[rank];
        var shape = attributes.Shape(sizes);
        var stride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            strides[attributes.Indices.IndexOf(order[d])] = stride;
            stride *= sizes[order[d]];
        }
        var result = new double[values.Length];
        var counter = new int[rank];
        var source = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = values[source];
            for (var d = rank - 1; d >= 0; d--)
            {
                source += strides[d];
                if (++counter[d] < shape[d]) break;
                source -= strides[d] * shape[d];
                counter[d] = 0;
            }
        }
        return new Factor(attributes, sizes, result);
    }

    public Factor Exp()
    {
        var result = new double[Values.Length];
        TensorPrimitives.Exp(Values, result);
        return new Factor(Attributes, DomainSizes, result);
    }

    public Factor Log()
    {
        var result = new double[Values.Length];
        TensorPrimitives.Log(Values, result);
        return new Factor(Attributes, DomainSizes, result);
    }

    public Factor Scale(double factor)
    {
        var result = new double[Values.Length];
        TensorPrimitives.Multiply(Values, factor, result);
        return new Factor(Attributes, DomainSizes, result);
    }

    /// <summary>
    /// The values laid out with the axes in <paramref name="order"/> (a permutation of this
    /// factor's attributes), row-major: e.g. a conditional table with the child attribute last.
    /// </summary>
    public double[] Transpose(IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count != Attributes.Count || !new AttributeSet(order).Equals(Attributes))
        {
            throw new ArgumentException($"({string.Join(", ", order)}) is not an ordering of {Attributes}", nameof(order));
        }
        // Stride of each attribute in this factor's own layout, then walk the new layout.
        var rank = order.Count;
        var ownStride = new int[rank];
        var stride = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            ownStride[i] = stride;
            stride *= _shape[i];
        }
        var shape = new int[rank];
        var strides = new int[rank];
        for (var k = 0; k < rank; k++)
        {
            var position = Attributes.Indices.IndexOf(order[k]);
            shape[k] = _shape[position];
            strides[k] = ownStride[position];
        }
        var result = new double[Values.Length];
        var counter = new int[rank];
        var source = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Values[source];
            for (var d = rank - 1; d >= 0; d--)
            {
                source += strides[d];
                if (++counter[d] < shape[d]) break;
                source -= strides[d] * shape[d];
                counter[d] = 0;
            }
        }
        return result;
    }

    internal SubsetMap MapTo(AttributeSet subset)
    {
        ArgumentNullException.ThrowIfNull(subset);
        if (!subset.IsSubsetOf(Attributes)) throw new ArgumentException($"{subset} is not a subset of {Attributes}", nameof(subset));
        return new SubsetMap(Attributes.Indices, _shape, subset.Indices);
    }
}
