using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Numeric;

/// <summary>
/// A keyed pseudo-random bijection of [0, domain): a balanced Feistel network over the next even
/// power of two, with cycle walking back into the domain. Row i gets value Permute(i), so unique
/// values need no memory and no coordination between shards.
/// </summary>
public sealed class Permutation
{
    private readonly ulong _domain;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong[] _roundKeys;

    public Permutation(ulong domain, ulong key)
    {
        if (domain == 0) throw new ArgumentOutOfRangeException(nameof(domain));
        _domain = domain;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(Math.Max(domain - 1, 1));
        _halfBits = Math.Max(1, (bits + 1) / 2);
        _halfMask = (1UL << _halfBits) - 1;
        _roundKeys = new ulong[4];
        for (var i = 0; i < _roundKeys.Length; i++) _roundKeys[i] = Random.CounterRng.Mix(key + (ulong)i * 0x9E3779B97F4A7C15);
    }

    public ulong Permute(ulong index)
    {
        var x = index;
        do
        {
            x = Encrypt(x);
        }
        while (x >= _domain);
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong Encrypt(ulong x)
    {
        var left = x >> _halfBits;
        var right = x & _halfMask;
        foreach (var k in _roundKeys)
        {
            var f = Random.CounterRng.Mix(right ^ k) & _halfMask;
            (left, right) = (right, left ^ f);
        }
        return (left << _halfBits) | right;
    }
}
