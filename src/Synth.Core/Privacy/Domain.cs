namespace Synth.Core.Privacy;

/// <summary>
/// The public domain a synthesizer works on: attribute names, in order, and how many values each
/// takes (values are integer codes 0 .. size-1). As in Private-PGM's domain files
/// (<c>{"age": 85, "sex": 2}</c>). Public: it costs no privacy budget, so it must come from the
/// data owner's confirmation, not from the data.
/// </summary>
public sealed record Domain
{
    public Domain(IReadOnlyList<string> names, IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(sizes);
        if (names.Count != sizes.Count) throw new ArgumentException($"{names.Count} names but {sizes.Count} sizes");
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrEmpty(names[i])) throw new ArgumentException($"attribute {i} has no name");
            if (sizes[i] < 1) throw new ArgumentException($"attribute '{names[i]}': size must be >= 1, got {sizes[i]}");
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) throw new ArgumentException("attribute names must be distinct");
        Names = names;
        Sizes = sizes;
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<int> Sizes { get; }

    public int Count => Names.Count;

    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name) return i;
        }
        throw new KeyNotFoundException($"no attribute '{name}' in the domain");
    }
}
