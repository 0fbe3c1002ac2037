namespace Synth.Core.Privacy.Marginals;

/// <summary>
/// A set of attributes (domain indices), kept sorted: the scope of a marginal, a measurement or a
/// clique. The sorted order is also the axis order of every table over the set (row-major, the
/// last attribute varying fastest). Value equality, so it can key dictionaries.
/// </summary>
public sealed class AttributeSet : IEquatable<AttributeSet>, IComparable<AttributeSet>
{
    private readonly int[] _indices;

    public AttributeSet(params IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var sorted = indices.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] < 0) throw new ArgumentOutOfRangeException(nameof(indices), sorted[i], "attribute indices must be >= 0");
            if (i > 0 && sorted[i] == sorted[i - 1]) throw new ArgumentException($"attribute {sorted[i]} appears twice", nameof(indices));
        }
        _indices = sorted;
    }

    private AttributeSet(int[] sortedUnique, bool _) => _indices = sortedUnique;

    public static AttributeSet Empty { get; } = new([], true);

    /// <summary>The attributes, ascending.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    public int Count => _indices.Length;

    public int this[int position] => _indices[position];

    public bool Contains(int attribute) => Array.BinarySearch(_indices, attribute) >= 0;

    public bool IsSubsetOf(AttributeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Count > other.Count) return false;
        int i = 0, j = 0;
        while (i < _indices.Length && j < other._indices.Length)
        {
            if (_indices[i] == other._indices[j])
            {
                i++;
                j++;
            }
            else if (_indices[i] > other._indices[j]) j++;
            else return false;
        }
        return i == _indices.Length;
    }

    public AttributeSet Union(AttributeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AttributeSet(_indices.Union(other._indices));
    }

    public AttributeSet Intersect(AttributeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AttributeSet(_indices.Where(other.Contains).ToArray(), true);
    }

    public AttributeSet Except(AttributeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AttributeSet(_indices.Where(i => !other.Contains(i)).ToArray(), true);
    }

    /// <summary>Number of cells of a table over this set: the product of the attributes' sizes.</summary>
    public long Cells(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        long cells = 1;
        foreach (var i in _indices)
        {
            cells = checked(cells * sizes[i]);
        }
        return cells;
    }

    /// <summary>The axis lengths of a table over this set.</summary>
    public int[] Shape(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var shape = new int[_indices.Length];
        for (var i = 0; i < shape.Length; i++) shape[i] = sizes[_indices[i]];
        return shape;
    }

    public string ToString(Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return "(" + string.Join(", ", _indices.Select(i => domain.Names[i])) + ")";
    }

    public override string ToString() => "(" + string.Join(", ", _indices) + ")";

    public bool Equals(AttributeSet? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);

    public override bool Equals(object? obj) => Equals(obj as AttributeSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var i in _indices) hash.Add(i);
        return hash.ToHashCode();
    }

    /// <summary>Smaller sets first, then lexicographic: a stable, readable order for candidates.</summary>
    public int CompareTo(AttributeSet? other)
    {
        if (other is null) return 1;
        if (Count != other.Count) return Count.CompareTo(other.Count);
        return _indices.AsSpan().SequenceCompareTo(other._indices);
    }
}
