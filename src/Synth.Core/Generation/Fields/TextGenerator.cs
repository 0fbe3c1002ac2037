using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>Lorem-style prose: sentences of 4–12 locale words, capitalised and full-stopped, between min_words and max_words in all.</summary>
internal sealed class TextGenerator : StringFieldGenerator
{
    private readonly LocaleData _locale;

    public TextGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _locale = LocaleData.For(spec.Locale);
    }

    protected override int MaxBytes => Spec.MaxWords * (_locale.Words.MaxLength + 2) + 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var bits = CounterRng.At(Key, row);
        var words = Spec.MinWords + CounterRng.Below(bits, Spec.MaxWords - Spec.MinWords + 1);
        var n = 0;
        var sentenceLeft = 0;
        for (var w = 0; w < words; w++)
        {
            var draw = CounterRng.Draw(bits, w + 1);
            if (sentenceLeft == 0)
            {
                if (w > 0)
                {
                    destination[n++] = (byte)'.';
                    destination[n++] = (byte)' ';
                }
                sentenceLeft = 4 + (int)(draw & 7) + (int)((draw >> 3) & 1);
            }
            else
            {
                destination[n++] = (byte)' ';
            }
            var word = _locale.Words.Bytes[CounterRng.Below(draw, _locale.Words.Count)];
            var start = n;
            word.CopyTo(destination[n..]);
            n += word.Length;
            if (start == 0 || destination[start - 2] == (byte)'.')
            {
                if (destination[start] is >= (byte)'a' and <= (byte)'z') destination[start] -= 32;
            }
            sentenceLeft--;
        }
        destination[n++] = (byte)'.';
        return n;
    }
}
