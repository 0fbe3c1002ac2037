namespace Synth.Core.Data;

/// <summary>
/// What a writer needs to know about a column before it sees any row: its name, physical
/// type, whether nulls can occur, and (for categories) the full label dictionary.
/// </summary>
public sealed class ColumnInfo
{
    public ColumnInfo(string name, ColumnType type, bool nullable, int decimals = -1, IReadOnlyList<string>? categories = null)
    {
        Name = name;
        Type = type;
        Nullable = nullable;
        Decimals = decimals;
        Categories = categories ?? [];
        CategoryUtf8 = Categories.Select(c => System.Text.Encoding.UTF8.GetBytes(c)).ToArray();
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>True when the column may hold nulls (a nullable rate above zero).</summary>
    public bool Nullable { get; }

    /// <summary>For <see cref="ColumnType.Float64"/>: fixed number of decimals, or -1 for shortest round-trip text.</summary>
    public int Decimals { get; }

    /// <summary>For <see cref="ColumnType.Category"/>: the labels, indexed by code.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The labels pre-encoded as UTF-8, indexed by code.</summary>
    public byte[][] CategoryUtf8 { get; }
}
