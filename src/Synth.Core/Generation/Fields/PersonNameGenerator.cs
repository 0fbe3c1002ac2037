using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>name, first_name and last_name from the locale's lists. <see cref="Pick"/> is public so an e-mail field can follow the same person.</summary>
internal sealed class PersonNameGenerator : StringFieldGenerator
{
    private readonly LocaleData _locale;
    private readonly Permutation? _unique;

    public PersonNameGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _locale = LocaleData.For(spec.Locale);
        if (spec.Unique)
        {
            var domain = spec.Type switch
            {
                FieldType.FirstName => (ulong)_locale.FirstNames.Count,
                FieldType.LastName => (ulong)_locale.LastNames.Count,
                _ => (ulong)_locale.FirstNames.Count * (ulong)_locale.LastNames.Count,
            };
            context.CheckUniqueDomain(spec, domain);
            _unique = new Permutation(domain, Key);
        }
    }

    public LocaleData Locale => _locale;

    protected override int MaxBytes => _locale.FirstNames.MaxLength + 1 + _locale.LastNames.MaxLength;

    /// <summary>Indices into the locale's first- and last-name lists for a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int First, int Last) Pick(long row)
    {
        if (_unique is not null)
        {
            var v = _unique.Permute((ulong)row);
            return Spec.Type switch
            {
                FieldType.FirstName => ((int)v, 0),
                FieldType.LastName => (0, (int)v),
                _ => ((int)(v / (ulong)_locale.LastNames.Count), (int)(v % (ulong)_locale.LastNames.Count)),
            };
        }
        var bits = CounterRng.At(Key, row);
        return (CounterRng.Below(bits, _locale.FirstNames.Count), CounterRng.Below(CounterRng.Draw(bits, 1), _locale.LastNames.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var (first, last) = Pick(row);
        switch (Spec.Type)
        {
            case FieldType.FirstName:
                return _locale.FirstNames.CopyTo(first, destination);
            case FieldType.LastName:
                return _locale.LastNames.CopyTo(last, destination);
            default:
                var n = _locale.FirstNames.CopyTo(first, destination);
                destination[n] = (byte)' ';
                return n + 1 + _locale.LastNames.CopyTo(last, destination[(n + 1)..]);
        }
    }
}
