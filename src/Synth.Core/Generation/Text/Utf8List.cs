using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Synth.Core.Generation.Text;

/// <summary>A fixed list of strings kept as UTF-8, so generators copy bytes instead of encoding per row.</summary>
public sealed class Utf8List
{
    /// <summary>Bytes <see cref="CopyTo"/> may store past the item it copies (in one 32-byte vector).</summary>
    public const int CopyOvershoot = 32;

    // Every item back to back, then CopyOvershoot spare bytes, so that any item can be read as one
    // 32-byte vector: most names, words and domains are shorter, and a copy of a length that varies
    // from row to row costs more through a general memmove than the rest of a name's work.
    private readonly byte[] _packed;
    private readonly int[] _starts;

    public Utf8List(IEnumerable<string> items)
    {
        Strings = items.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (Strings.Length == 0) Strings = ["?"];
        Bytes = Strings.Select(Encoding.UTF8.GetBytes).ToArray();
        MaxLength = Bytes.Max(b => b.Length);
        _starts = new int[Bytes.Length + 1];
        for (var i = 0; i < Bytes.Length; i++) _starts[i + 1] = _starts[i] + Bytes[i].Length;
        _packed = new byte[_starts[^1] + CopyOvershoot];
        for (var i = 0; i < Bytes.Length; i++) Bytes[i].CopyTo(_packed, _starts[i]);
    }

    public string[] Strings { get; }

    public byte[][] Bytes { get; }

    public int Count => Bytes.Length;

    public int MaxLength { get; }

    /// <summary>
    /// Copies item <paramref name="index"/> to the start of <paramref name="destination"/> and returns
    /// its length. Where <paramref name="destination"/> has <see cref="CopyOvershoot"/> bytes of room,
    /// the bytes after the item may be overwritten (a caller's scratch, written over next).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CopyTo(int index, Span<byte> destination)
    {
        var start = _starts[index];
        var length = _starts[index + 1] - start;
        if (Vector256.IsHardwareAccelerated && length <= CopyOvershoot && destination.Length >= CopyOvershoot)
        {
            Vector256.LoadUnsafe(ref _packed[start]).StoreUnsafe(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination));
            return length;
        }
        _packed.AsSpan(start, length).CopyTo(destination);
        return length;
    }
}
