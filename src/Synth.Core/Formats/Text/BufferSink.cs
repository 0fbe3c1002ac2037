using System.Buffers;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Cursor over an <see cref="IBufferWriter{T}"/> that asks for large chunks and advances the
/// writer only when a chunk is full or at <see cref="Flush"/>, so writing a cell costs one length
/// check instead of a GetSpan/Advance pair.
/// </summary>
internal ref struct BufferSink
{
    private const int ChunkSize = 64 * 1024;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _chunk;
    private int _used;

    public BufferSink(IBufferWriter<byte> output)
    {
        _output = output;
        _chunk = default;
        _used = 0;
    }

    /// <summary>Returns room for at least <paramref name="size"/> bytes; follow with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int size)
    {
        if (_chunk.Length - _used < size)
        {
            NextChunk(size);
        }
        return _chunk[_used..];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _used += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte value)
    {
        if (_used >= _chunk.Length)
        {
            NextChunk(1);
        }
        _chunk[_used++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _used += bytes.Length;
    }

    /// <summary>Hands everything written so far to the underlying writer. Call once at the end.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _output.Advance(_used);
        }
        _chunk = default;
        _used = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextChunk(int size)
    {
        if (_used > 0)
        {
            _output.Advance(_used);
        }
        _chunk = _output.GetSpan(Math.Max(size, ChunkSize));
        _used = 0;
    }
}
