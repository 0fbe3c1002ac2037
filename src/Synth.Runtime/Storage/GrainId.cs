namespace Synth.Runtime.Storage;

/// <summary>
/// A grain's cluster-wide identity: its type name (the grain interface's name, e.g. "ICounterGrain")
/// and its string key. Rendered "type/key" in tables, logs and errors.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    public static GrainId Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) throw new FormatException($"'{text}' is not a grain id (type/key)");
        return new GrainId(text[..slash], text[(slash + 1)..]);
    }
}
