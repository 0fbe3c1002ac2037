using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>string fields: a template (<c>ORD-{####}-{??}</c>), or random alphanumerics of a length in [min_length, max_length].</summary>
internal sealed class TemplateStringGenerator : StringFieldGenerator
{
    private static readonly byte[] Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8.ToArray();

    private readonly StringTemplate? _template;
    private readonly Permutation? _unique;

    public TemplateStringGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        if (spec.Template is not null)
        {
            _template = StringTemplate.Parse(spec.Template);
            if (spec.Unique)
            {
                context.CheckUniqueDomain(spec, _template.Domain);
                _unique = new Permutation(_template.Domain, Key);
            }
        }
    }

    protected override int MaxBytes => _template?.MaxLength ?? Spec.MaxLength;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var bits = CounterRng.At(Key, row);
        if (_template is not null)
        {
            return _unique is not null ? _template.WriteIndexed(_unique.Permute((ulong)row), destination) : _template.WriteRandom(bits, destination);
        }
        var length = Spec.MinLength + CounterRng.Below(bits, Spec.MaxLength - Spec.MinLength + 1);
        for (var i = 0; i < length; i++)
        {
            if (i % 4 == 0) bits = CounterRng.Draw(bits, i + 1);
            destination[i] = Alphanumerics[CounterRng.Below(bits, Alphanumerics.Length)];
            bits <<= 16;
        }
        return length;
    }
}
