using System.Buffers.Text;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Text;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// E-mail addresses. When the row has a name (a name field, or first_name and last_name fields)
/// the address is built from that same person, as a reader of the data expects; unique
/// addresses carry a numeric suffix that is distinct per row.
/// </summary>
internal sealed class EmailGenerator : StringFieldGenerator
{
    private readonly LocaleData _locale;
    private PersonNameGenerator? _fullName;
    private PersonNameGenerator? _firstName;
    private PersonNameGenerator? _lastName;

    public EmailGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        _locale = LocaleData.For(spec.Locale);
    }

    protected override int MaxBytes => _locale.FirstNamesFolded.MaxLength + _locale.LastNamesFolded.MaxLength + 22 + _locale.FreeEmailDomains.MaxLength;

    public override void Bind(GenerationContext context)
    {
        foreach (var g in context.Generators.Values)
        {
            if (g is not PersonNameGenerator p || p.Locale != _locale) continue;
            if (p.Spec.Type == FieldType.Name) _fullName ??= p;
            else if (p.Spec.Type == FieldType.FirstName) _firstName ??= p;
            else _lastName ??= p;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var bits = CounterRng.At(Key, row);
        int first, last;
        if (_fullName is not null)
        {
            (first, last) = _fullName.Pick(row);
        }
        else
        {
            first = _firstName is not null ? _firstName.Pick(row).First : CounterRng.Below(CounterRng.Draw(bits, 1), _locale.FirstNames.Count);
            last = _lastName is not null ? _lastName.Pick(row).Last : CounterRng.Below(CounterRng.Draw(bits, 2), _locale.LastNames.Count);
        }
        // Copies may store scratch bytes past what they copy; each next piece writes over them.
        var n = _locale.FirstNamesFolded.CopyTo(_locale.FirstFoldedIndex[first], destination);
        var style = (int)(bits & 3);
        if (style == 3)
        {
            n = 1; // "jsmith": the first name's initial
        }
        else if (style != 2)
        {
            destination[n++] = style == 0 ? (byte)'.' : (byte)'_';
        }
        n += _locale.LastNamesFolded.CopyTo(_locale.LastFoldedIndex[last], destination[n..]);
        if (Spec.Unique)
        {
            Utf8Formatter.TryFormat(row + 1, destination[n..], out var written);
            n += written;
        }
        else if (((bits >> 2) & 1) == 1)
        {
            // 0-99, as Utf8Formatter would print it.
            var number = (int)((bits >> 8) % 100);
            if (number >= 10)
            {
                destination[n++] = (byte)('0' + number / 10);
            }
            destination[n++] = (byte)('0' + number % 10);
        }
        destination[n++] = (byte)'@';
        return n + _locale.FreeEmailDomains.CopyTo(CounterRng.Below(CounterRng.Draw(bits, 3), _locale.FreeEmailDomains.Count), destination[n..]);
    }
}
