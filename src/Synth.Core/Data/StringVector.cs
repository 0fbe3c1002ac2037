using System.Runtime.CompilerServices;

namespace Synth.Core.Data;

/// <summary>
/// A column of UTF-8 strings packed end to end (Arrow-style): row i is
/// <c>Bytes[Offsets[i]..Offsets[i + 1]]</c>. Generators append; the byte buffer grows
/// geometrically and is kept for the next batch, so steady-state filling allocates nothing.
/// </summary>
public sealed class StringVector : ColumnVector
{
    private byte[] _bytes;

    public StringVector(ColumnInfo info, int capacity) : base(info, capacity)
    {
        Offsets = new int[capacity + 1];
        _bytes = new byte[Math.Max(256, capacity * 16)];
    }

    public int[] Offsets { get; }

    public byte[] Bytes => _bytes;

    /// <summary>Number of rows appended since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    public int ByteLength => Offsets[Count];

    public ReadOnlySpan<byte> this[int row] => _bytes.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

    public void Clear()
    {
        Count = 0;
        Offsets[0] = 0;
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(GetSpan(utf8.Length));
        Advance(utf8.Length);
    }

    /// <summary>Returns room for at least <paramref name="sizeHint"/> bytes of the next row; finish it with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<byte> GetSpan(int sizeHint)
    {
        var end = Offsets[Count];
        if (end + sizeHint > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, end + sizeHint));
        }
        return _bytes.AsSpan(end);
    }

    /// <summary>Ends the current row after <paramref name="length"/> bytes written into <see cref="GetSpan"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(int length)
    {
        Offsets[Count + 1] = Offsets[Count] + length;
        Count++;
    }
}
