using System.Globalization;

namespace Synth.Bench.Runtime;

/// <summary>"--name value" options and "--flag" switches, checked against what a mode accepts.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args, IReadOnlySet<string> valued)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !valued.Contains(name[2..]))
            {
                throw new ArgumentException($"unknown option '{name}' (accepted: {string.Join(", ", valued.Order().Select(v => "--" + v))})");
            }
            if (!e.MoveNext()) throw new ArgumentException($"{name} needs a value");
            _values[name[2..]] = e.Current;
        }
    }

    public string? Text(string name, string? fallback = null) => _values.GetValueOrDefault(name, fallback!) ?? fallback;

    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"--{name} must be a positive integer, got '{text}'");
    }

    public double Seconds(string name, double fallback)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new ArgumentException($"--{name} must be a number of seconds, got '{text}'");
    }
}
