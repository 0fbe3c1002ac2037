using System.Text;

namespace Synth.Core.Generation.Text;

/// <summary>A fixed list of strings kept as UTF-8, so generators copy bytes instead of encoding per row.</summary>
public sealed class Utf8List
{
    public Utf8List(IEnumerable<string> items)
    {
        Strings = items.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (Strings.Length == 0) Strings = ["?"];
        Bytes = Strings.Select(Encoding.UTF8.GetBytes).ToArray();
        MaxLength = Bytes.Max(b => b.Length);
    }

    public string[] Strings { get; }

    public byte[][] Bytes { get; }

    public int Count => Bytes.Length;

    public int MaxLength { get; }
}
