using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>URLs like <c>https://www.lastname.com/word/word</c>, built from locale names, words and domain suffixes.</summary>
internal sealed class UrlGenerator : StringFieldGenerator
{
    private readonly LocaleData _locale;

    public UrlGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _locale = LocaleData.For(spec.Locale);
    }

    protected override int MaxBytes => 12 + _locale.LastNamesFolded.MaxLength + 1 + _locale.DomainSuffixes.MaxLength + 2 * (1 + _locale.Words.MaxLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var bits = CounterRng.At(Key, row);
        var n = Copy("https://www."u8, destination, 0);
        n = Copy(_locale.LastNamesFolded.Bytes[CounterRng.Below(bits, _locale.LastNamesFolded.Count)], destination, n);
        destination[n++] = (byte)'.';
        n = Copy(_locale.DomainSuffixes.Bytes[CounterRng.Below(CounterRng.Draw(bits, 1), _locale.DomainSuffixes.Count)], destination, n);
        var segments = (int)((bits >> 3) % 3);
        for (var s = 0; s < segments; s++)
        {
            destination[n++] = (byte)'/';
            n = Copy(_locale.Words.Bytes[CounterRng.Below(CounterRng.Draw(bits, 2 + s), _locale.Words.Count)], destination, n);
        }
        return n;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination, int at)
    {
        source.CopyTo(destination[at..]);
        return at + source.Length;
    }
}
