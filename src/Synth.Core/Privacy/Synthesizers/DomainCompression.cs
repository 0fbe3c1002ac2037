using Synth.Core.Privacy.Mechanisms;

namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// MST's domain compression: per attribute, the values kept as they are (codes 0..k−1 of the
/// compressed domain, in their original order) and the rare values merged into one extra code k.
/// Decided from noisy counts only, so it is post-processing and free. Sampling draws a merged
/// value back uniformly among the rare values, as the reference code does.
/// </summary>
public sealed class DomainCompression
{
    private readonly int[][] _kept;
    private readonly int[][] _rare;
    private readonly int[][] _toCompressed;

    public DomainCompression(IReadOnlyList<int[]> kept, IReadOnlyList<int[]> rare)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(rare);
        if (kept.Count != rare.Count) throw new ArgumentException($"{kept.Count} kept lists for {rare.Count} rare lists");
        _kept = [.. kept];
        _rare = [.. rare];
        _toCompressed = new int[kept.Count][];
        CompressedSizes = new int[kept.Count];
        for (var a = 0; a < kept.Count; a++)
        {
            var size = kept[a].Length + rare[a].Length;
            if (size == 0) throw new ArgumentException($"attribute {a} has no values");
            var map = new int[size];
            Array.Fill(map, -1);
            for (var i = 0; i < kept[a].Length; i++) Assign(map, kept[a][i], i, a);
            foreach (var v in rare[a]) Assign(map, v, kept[a].Length, a);
            _toCompressed[a] = map;
            CompressedSizes[a] = kept[a].Length + (rare[a].Length > 0 ? 1 : 0);
        }
    }

    /// <summary>No compression: every value kept.</summary>
    public static DomainCompression Identity(IReadOnlyList<int> sizes) =>
        new([.. sizes.Select(s => Enumerable.Range(0, s).ToArray())], [.. sizes.Select(_ => Array.Empty<int>())]);

    /// <summary>From each attribute's support: true keeps a value, false merges it into the rare code.</summary>
    public static DomainCompression FromSupport(IReadOnlyList<bool[]> support)
    {
        ArgumentNullException.ThrowIfNull(support);
        return new DomainCompression(
            [.. support.Select(s => Enumerable.Range(0, s.Length).Where(v => s[v]).ToArray())],
            [.. support.Select(s => Enumerable.Range(0, s.Length).Where(v => !s[v]).ToArray())]);
    }

    /// <summary>Original codes kept, per attribute (compressed code i is Kept[a][i]).</summary>
    public IReadOnlyList<int[]> Kept => _kept;

    /// <summary>Original codes merged into the last compressed code, per attribute (may be empty).</summary>
    public IReadOnlyList<int[]> Rare => _rare;

    public int[] CompressedSizes { get; }

    public bool IsIdentity => _rare.All(r => r.Length == 0);

    /// <summary>The table in compressed codes, over a domain with the compressed sizes.</summary>
    public EncodedTable Compress(EncodedTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Domain.Count != _kept.Length) throw new ArgumentException("the table's domain does not match the compression");
        var domain = new Domain(table.Domain.Names, CompressedSizes);
        var columns = new int[_kept.Length][];
        for (var a = 0; a < columns.Length; a++)
        {
            if (table.Domain.Sizes[a] != _toCompressed[a].Length) throw new ArgumentException($"attribute {a}: size {table.Domain.Sizes[a]}, compression built for {_toCompressed[a].Length}");
            var map = _toCompressed[a];
            var source = table.Columns[a];
            var target = new int[source.Length];
            for (var r = 0; r < source.Length; r++) target[r] = map[source[r]];
            columns[a] = target;
        }
        return new EncodedTable(domain, columns);
    }

    /// <summary>Compressed codes back to original ones, in place; merged values drawn uniformly among the rare ones.</summary>
    public void Expand(int[][] columns, PrivateRandom random)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(random);
        for (var a = 0; a < columns.Length; a++)
        {
            var kept = _kept[a];
            var rare = _rare[a];
            var column = columns[a];
            for (var r = 0; r < column.Length; r++)
            {
                var code = column[r];
                column[r] = code < kept.Length ? kept[code] : rare[random.NextInt(rare.Length)];
            }
        }
    }

    private static void Assign(int[] map, int value, int code, int attribute)
    {
        if ((uint)value >= (uint)map.Length || map[value] >= 0)
        {
            throw new ArgumentException($"attribute {attribute}: value {value} is out of range or listed twice");
        }
        map[value] = code;
    }
}
