using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>Fields that pick from one locale list: city, country, company.</summary>
internal sealed class LocaleListGenerator : StringFieldGenerator
{
    private readonly Utf8List _list;
    private readonly Permutation? _unique;

    public LocaleListGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        var locale = LocaleData.For(spec.Locale);
        _list = spec.Type switch
        {
            FieldType.City => locale.Cities,
            FieldType.Country => locale.Countries,
            _ => locale.Companies,
        };
        if (spec.Unique)
        {
            context.CheckUniqueDomain(spec, (ulong)_list.Count);
            _unique = new Permutation((ulong)_list.Count, Key);
        }
    }

    protected override int MaxBytes => _list.MaxLength;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var index = _unique is not null ? (int)_unique.Permute((ulong)row) : CounterRng.Below(CounterRng.At(Key, row), _list.Count);
        var bytes = _list.Bytes[index];
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
