namespace Synth.Core.Privacy.Synthesizers;

/// <summary>
/// Synthesizers by name, and the way back from a stored model to a usable one.
/// <see cref="Default"/> holds the built-in ones: independent, mst, aim, privsyn, nonprivate.
/// </summary>
public sealed class SynthesizerRegistry
{
    private readonly Dictionary<string, ISynthesizer> _byName = new(StringComparer.OrdinalIgnoreCase);

    public SynthesizerRegistry(params IEnumerable<ISynthesizer> synthesizers)
    {
        ArgumentNullException.ThrowIfNull(synthesizers);
        foreach (var s in synthesizers) Add(s);
    }

    public static SynthesizerRegistry Default { get; } = new(
        new IndependentSynthesizer(), new MstSynthesizer(), new AimSynthesizer(), new PrivSynSynthesizer(), new NonPrivateSynthesizer());

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public void Add(ISynthesizer synthesizer)
    {
        ArgumentNullException.ThrowIfNull(synthesizer);
        if (!_byName.TryAdd(synthesizer.Name, synthesizer)) throw new ArgumentException($"a synthesizer named '{synthesizer.Name}' is already registered");
    }

    public bool TryGet(string name, out ISynthesizer synthesizer) => _byName.TryGetValue(name, out synthesizer!);

    /// <summary>The synthesizer called <paramref name="name"/> (case-insensitive); the error lists the known names.</summary>
    public ISynthesizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGet(name, out var synthesizer)) return synthesizer;
        throw new KeyNotFoundException($"unknown synthesis method '{name}' (known: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))})");
    }

    /// <summary>A model from <see cref="ISynthesisModel.Serialize"/>; <see cref="FormatException"/> if the bytes are not one.</summary>
    public static ISynthesisModel Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return PrivSynModelFormat.IsOne(bytes) ? PrivSynModelFormat.Read(bytes) : SynthesisModelFormat.Read(bytes);
    }
}
