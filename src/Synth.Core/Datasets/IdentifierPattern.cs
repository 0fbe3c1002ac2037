using System.Globalization;
using Synth.Core.Generation.Random;

namespace Synth.Core.Datasets;

/// <summary>
/// Generates identifiers of a given shape (<see cref="ColumnForm.Pattern"/>): row i of a sample gets
/// the value at position π(i) of the pattern's value space, where π is a keyed permutation
/// (a Feistel network over the next power of four, walked until it lands inside the space). So the
/// values are unique within a sample of up to <see cref="Capacity"/> rows, look random, depend on the
/// seed, and are never read from the source (one may coincide with a source value by chance, with
/// probability rows / capacity each). Samples larger than the space continue in a pattern one position
/// longer.
/// </summary>
public sealed class IdentifierPattern
{
    // Value spaces larger than this fix their leftmost variable positions (to the class's first
    // character), so that the permutation works on 62-bit integers.
    private const ulong MaxCapacity = 1UL << 62;

    private const string Digits = "0123456789";
    private const string NonZero = "123456789";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    private readonly string[] _positions;   // per output character: a literal (length 1 … ) or a class
    private readonly bool[] _variable;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private IdentifierPattern? _wider;

    private IdentifierPattern(string pattern, string[] positions, bool[] variable)
    {
        Pattern = pattern;
        _positions = positions;
        _variable = variable;
        var capacity = 1UL;
        for (var i = positions.Length - 1; i >= 0; i--)
        {
            if (!variable[i]) continue;
            var radix = (ulong)positions[i].Length;
            if (capacity > MaxCapacity / radix)
            {
                // Fixed from here leftwards: the class's first character.
                variable[i] = false;
                positions[i] = positions[i][..1];
                continue;
            }
            capacity *= radix;
        }
        Capacity = capacity;
        var bits = 64 - (int)ulong.LeadingZeroCount(Math.Max(1, capacity - 1));
        _halfBits = Math.Max(1, (bits + 1) / 2);
        _halfMask = (1UL << _halfBits) - 1;
    }

    public string Pattern { get; }

    /// <summary>How many distinct identifiers the pattern has (at most 2^62): the most rows a sample may have.</summary>
    public ulong Capacity { get; }

    /// <summary>Whether every value is a number without leading zeros (written as an integer, not text).</summary>
    public bool IsNumber => _positions.Length is > 0 and <= 18 && _variable.All(v => v)
        && (_positions[0] == NonZero || _positions.Length == 1) && _positions.All(p => p == Digits || p == NonZero);

    /// <summary>Parses a pattern; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static IdentifierPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var positions = new List<string>();
        var variable = new List<bool>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            string? set = c switch
            {
                '#' => Digits,
                'N' => NonZero,
                'A' => Upper,
                'a' => Lower,
                'X' => Digits + Upper,
                'x' => Digits + Lower,
                '*' => Digits + Upper + Lower,
                _ => null,
            };
            if (c == '\\')
            {
                if (i + 1 == pattern.Length) throw new FormatException("the pattern ends with '\\' (it escapes the next character)");
                set = null;
                c = pattern[++i];
            }
            positions.Add(set ?? c.ToString());
            variable.Add(set is not null);
        }
        if (!variable.Contains(true)) throw new FormatException("the pattern has no variable position (#, N, A, a, X, x or *), so it gives one value only");
        return new IdentifierPattern(pattern, [.. positions], [.. variable]);
    }

    /// <summary>
    /// The identifier of row <paramref name="row"/> (0-based) of a sample keyed by <paramref name="key"/>.
    /// Rows beyond <see cref="Capacity"/> get the pattern widened by one more position of its first
    /// variable class (then two …): longer, so never equal to an earlier row's identifier.
    /// </summary>
    public string Format(ulong key, long row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        if ((ulong)row >= Capacity)
        {
            if (Capacity == MaxCapacity) throw new ArgumentOutOfRangeException(nameof(row), row, string.Create(CultureInfo.InvariantCulture, $"the pattern '{Pattern}' has {Capacity} distinct values"));
            _wider ??= Widen();
            return _wider.Format(key, row - (long)Capacity);
        }
        var value = Permute(key, (ulong)row);
        Span<char> text = stackalloc char[_positions.Length];
        for (var i = _positions.Length - 1; i >= 0; i--)
        {
            var set = _positions[i];
            if (!_variable[i])
            {
                text[i] = set[0];
                continue;
            }
            var radix = (ulong)set.Length;
            text[i] = set[(int)(value % radix)];
            value /= radix;
        }
        return new string(text);
    }

    // The first variable position doubled: "C####" → "C#####", "N###" → "N####" (N then #, so no leading zero).
    private IdentifierPattern Widen()
    {
        var first = Array.IndexOf(_variable, true);
        var positions = _positions.ToList();
        var variable = _variable.ToList();
        positions.Insert(first + 1, positions[first] == NonZero ? Digits : positions[first]);
        variable.Insert(first + 1, true);
        return new IdentifierPattern(Pattern + "+", [.. positions], [.. variable]);
    }

    // A bijection of [0, Capacity): a balanced 4-round Feistel network on 2·_halfBits bits, re-applied
    // until the value falls inside (cycle walking); the network's domain is under 4·Capacity, so a
    // few walks at most on average.
    private ulong Permute(ulong key, ulong value)
    {
        do
        {
            var left = value >> _halfBits;
            var right = value & _halfMask;
            for (var round = 0; round < 4; round++)
            {
                var f = CounterRng.At(key + (ulong)round * 0x9E3779B97F4A7C15UL, (long)right) & _halfMask;
                (left, right) = (right, left ^ f);
            }
            value = (left << _halfBits) | right;
        }
        while (value >= Capacity);
        return value;
    }
}
