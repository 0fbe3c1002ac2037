using System.Buffers.Text;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>IPv4 addresses in the unicast range 1.0.0.0–223.255.255.255.</summary>
internal sealed class IpGenerator : StringFieldGenerator
{
    private const uint First = 1u << 24;
    private const uint Count = 223u * (1u << 24);

    private readonly Permutation? _unique;

    public IpGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        if (spec.Unique)
        {
            context.CheckUniqueDomain(spec, Count);
            _unique = new Permutation(Count, Key);
        }
    }

    protected override int MaxBytes => 15;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Write(long row, Span<byte> destination)
    {
        var offset = _unique is not null ? (uint)_unique.Permute((ulong)row) : (uint)(((CounterRng.At(Key, row) >> 32) * Count) >> 32);
        var ip = First + offset;
        var n = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            Utf8Formatter.TryFormat((ip >> shift) & 0xFF, destination[n..], out var written);
            n += written;
            if (shift > 0) destination[n++] = (byte)'.';
        }
        return n;
    }
}
