using System.Buffers;
using System.Buffers.Binary;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// BYTE_ARRAY (STRING) for free text. A dictionary is built while rows arrive; as soon as the
/// row group passes <see cref="ParquetEncodingLimits.MaxDictionaryEntries"/> distinct values
/// or <see cref="ParquetEncodingLimits.MaxDictionaryBytes"/> of dictionary, the whole chunk
/// is written PLAIN instead. The decision depends only on the row group's values in order,
/// so it is the same whichever thread encodes the block.
/// </summary>
internal sealed class StringColumnWriter(ColumnInfo info, ParquetEncodingLimits limits) : ParquetColumnWriter(info, limits)
{
    private byte[] _bytes = [];
    private int[] _offsets = new int[1];

    // Dictionary state: entries point at the first occurrence of their value in _bytes, so
    // building the dictionary copies no bytes. Open addressing; a slot holds entry + 1.
    private int[] _indices = [];
    private int[] _entryValue = [];
    private int[] _slots = new int[1024];
    private uint[] _slotHashes = new uint[1024];
    private int _entryCount;
    private long _dictionaryBytes;
    private bool _dictionaryAbandoned;

    protected override bool UseDictionary => !_dictionaryAbandoned && ValueCount > 0;

    protected override void ResetValues()
    {
        _offsets[0] = 0;
        if (_entryCount > 0)
        {
            Array.Clear(_slots);
        }
        _entryCount = 0;
        _dictionaryBytes = 0;
        _dictionaryAbandoned = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AppendValues(ColumnVector vector, int count, bool[]? nulls)
    {
        var source = (StringVector)vector;
        var first = ValueCount;
        Grow(ref _offsets, first + count + 1);
        Grow(ref _bytes, _offsets[first] + (source.Offsets[count] - source.Offsets[0]));
        if (!_dictionaryAbandoned)
        {
            Grow(ref _indices, first + count);
        }

        var n = first;
        for (var i = 0; i < count; i++)
        {
            if (nulls is not null && nulls[i])
            {
                continue;
            }
            var value = source[i];
            var start = _offsets[n];
            value.CopyTo(_bytes.AsSpan(start));
            _offsets[n + 1] = start + value.Length;
            if (!_dictionaryAbandoned)
            {
                var index = FindOrAdd(value, n);
                if (index < 0)
                {
                    _dictionaryAbandoned = true;
                }
                else
                {
                    _indices[n] = index;
                }
            }
            n++;
        }
    }

    protected override int WriteDictionary(IBufferWriter<byte> body)
    {
        for (var e = 0; e < _entryCount; e++)
        {
            WritePlain(Value(_entryValue[e]), body);
        }
        return _entryCount;
    }

    protected override int NextPageEnd(int row, int value, bool dictionary)
    {
        if (dictionary)
        {
            return FixedSizePageEnd(row, RleBitPackedHybrid.BitWidthFor(_entryCount));
        }

        long bytes = 0;
        while (row < RowCount && bytes < Limits.PageTargetBytes)
        {
            if (IsDefined(row))
            {
                bytes += 4 + _offsets[value + 1] - _offsets[value];
                value++;
            }
            row++;
        }
        return row;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void WriteValues(int start, int count, bool dictionary, IBufferWriter<byte> body)
    {
        if (dictionary)
        {
            WriteDictionaryIndices(_indices.AsSpan(start, count), _entryCount, body);
            return;
        }
        var size = 4 * count + _offsets[start + count] - _offsets[start];
        var span = body.GetSpan(size);
        var at = 0;
        for (var v = start; v < start + count; v++)
        {
            var value = Value(v);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], value.Length);
            value.CopyTo(span[(at + 4)..]);
            at += 4 + value.Length;
        }
        body.Advance(size);
    }

    private ReadOnlySpan<byte> Value(int index) => _bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    private static void WritePlain(ReadOnlySpan<byte> value, IBufferWriter<byte> body)
    {
        var span = body.GetSpan(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
        body.Advance(4 + value.Length);
    }

    /// <summary>Returns the dictionary index of <paramref name="value"/>, adding it as value number <paramref name="valueIndex"/>, or -1 when the dictionary is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindOrAdd(ReadOnlySpan<byte> value, int valueIndex)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (_slots[slot] != 0)
        {
            if (_slotHashes[slot] == hash)
            {
                var entry = _slots[slot] - 1;
                if (Value(_entryValue[entry]).SequenceEqual(value))
                {
                    return entry;
                }
            }
            slot = (slot + 1) & mask;
        }

        if (_entryCount >= Limits.MaxDictionaryEntries || _dictionaryBytes + 4 + value.Length > Limits.MaxDictionaryBytes)
        {
            return -1;
        }

        Grow(ref _entryValue, _entryCount + 1);
        _entryValue[_entryCount] = valueIndex;
        _slots[slot] = _entryCount + 1;
        _slotHashes[slot] = hash;
        _dictionaryBytes += 4 + value.Length;
        if (++_entryCount * 2 > _slots.Length)
        {
            Rehash();
        }
        return _entryCount - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        var hashes = new uint[slots.Length];
        var mask = slots.Length - 1;
        for (var old = 0; old < _slots.Length; old++)
        {
            if (_slots[old] == 0)
            {
                continue;
            }
            var slot = (int)_slotHashes[old] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = _slots[old];
            hashes[slot] = _slotHashes[old];
        }
        _slots = slots;
        _slotHashes = hashes;
    }

    /// <summary>A fast 64-bit multiply-xorshift hash folded to 32 bits; seedless so runs are reproducible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Hash(ReadOnlySpan<byte> data)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(data)) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
            data = data[8..];
        }
        if (data.Length > 0)
        {
            ulong tail = 0;
            for (var i = 0; i < data.Length; i++)
            {
                tail |= (ulong)data[i] << (8 * i);
            }
            h = (h ^ tail) * 0x94D049BB133111EBUL;
        }
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return (uint)h;
    }
}
