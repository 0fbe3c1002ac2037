using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// phone and postcode: one of the locale's formats (e.g. <c>(###) ###-####</c>) filled with
/// random digits. Unique values use the first format only, indexed by a permutation.
/// </summary>
internal sealed class LocaleFormatGenerator : StringFieldGenerator
{
    private readonly StringTemplate[] _formats;
    private readonly Permutation? _unique;

    public LocaleFormatGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        var locale = LocaleData.For(spec.Locale);
        _formats = spec.Type == FieldType.Phone ? locale.PhoneFormats : locale.PostcodeFormats;
        if (spec.Unique)
        {
            context.CheckUniqueDomain(spec, _formats[0].Domain);
            _unique = new Permutation(_formats[0].Domain, Key);
        }
    }

    protected override int MaxBytes => _formats.Max(f => f.MaxLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        if (_unique is not null) return _formats[0].WriteIndexed(_unique.Permute((ulong)row), destination);
        var bits = CounterRng.At(Key, row);
        return _formats[CounterRng.Below(bits, _formats.Length)].WriteRandom(CounterRng.Draw(bits, 1), destination);
    }
}
