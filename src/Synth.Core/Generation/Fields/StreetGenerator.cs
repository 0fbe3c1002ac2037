using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>Street addresses: a building number in a locale format and a street name, in the locale's order.</summary>
internal sealed class StreetGenerator : StringFieldGenerator
{
    private readonly LocaleData _locale;
    private readonly bool _numberFirst;

    public StreetGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _locale = LocaleData.For(spec.Locale);
        // English-speaking locales write "12 Main Street"; most others "Hauptstraße 12".
        _numberFirst = spec.Locale.StartsWith("en", StringComparison.Ordinal) || spec.Locale is "fr" or "fr_CA" or "fr_CH" or "pt_BR" or "es_MX";
    }

    protected override int MaxBytes => _locale.StreetNames.MaxLength + 1 + _locale.BuildingNumbers.Max(b => b.MaxLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var bits = CounterRng.At(Key, row);
        var street = _locale.StreetNames.Bytes[CounterRng.Below(bits, _locale.StreetNames.Count)];
        var number = _locale.BuildingNumbers[CounterRng.Below(CounterRng.Draw(bits, 1), _locale.BuildingNumbers.Length)];
        var digits = CounterRng.Draw(bits, 2);
        int n;
        if (_numberFirst)
        {
            n = number.WriteRandom(digits, destination);
            destination[n++] = (byte)' ';
            street.CopyTo(destination[n..]);
            return n + street.Length;
        }
        street.CopyTo(destination);
        n = street.Length;
        destination[n++] = (byte)' ';
        return n + number.WriteRandom(digits, destination[n..]);
    }
}
