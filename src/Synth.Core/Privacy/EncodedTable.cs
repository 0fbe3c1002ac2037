namespace Synth.Core.Privacy;

/// <summary>
/// A table as synthesizers see it: one column of integer codes per domain attribute (column-major,
/// so a marginal reads only its columns). Every code of column i is in 0 .. Domain.Sizes[i]-1.
/// </summary>
public sealed class EncodedTable
{
    public EncodedTable(Domain domain, int[][] columns)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length != domain.Count) throw new ArgumentException($"{columns.Length} columns for a domain of {domain.Count} attributes");
        var rows = columns.Length == 0 ? 0 : columns[0].Length;
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length != rows) throw new ArgumentException($"column '{domain.Names[c]}' has {columns[c].Length} rows, not {rows}");
            var size = domain.Sizes[c];
            foreach (var code in columns[c])
            {
                if ((uint)code >= (uint)size) throw new ArgumentException($"column '{domain.Names[c]}': code {code} is outside 0..{size - 1}");
            }
        }
        Domain = domain;
        Columns = columns;
        Rows = rows;
    }

    public Domain Domain { get; }

    public int[][] Columns { get; }

    public int Rows { get; }
}
