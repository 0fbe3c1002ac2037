using System.Buffers;

namespace Synth.Grains.Streams;

/// <summary>
/// A run of consecutive batches of a stream flat out, in one format, made at once on every core. The
/// run's records are cut into consecutive parts, each made by its own writer into its own buffer,
/// which notes where each batch begins; a batch is then a slice of one part's bytes, or, where it
/// spans parts, its pieces joined. A record depends only on its number, so the bytes are those of one
/// writer making the whole run. Made in runs rather than batch by batch, the cores meet once per run
/// (tens of thousands of records) instead of once per batch.
/// </summary>
internal sealed class FlatOutBatches(Func<StreamRecords> newRecords)
{
    /// <summary>A part smaller than this is not worth a core of its own.</summary>
    private const int MinRecordsPerPart = 1024;

    /// <summary>
    /// Parts per core: more parts than cores, taken by whichever core is free, so that a core also busy
    /// with something else (a sink writing the previous run) does not leave the others waiting at the end.
    /// </summary>
    private const int PartsPerCore = 4;

    private readonly List<(StreamRecords Records, ArrayBufferWriter<byte> Buffer)> _parts = [];

    // Where batch i begins (index Batches: where the run ends): in which part, at which byte.
    private int[] _beginPart = new int[64];
    private int[] _beginOffset = new int[64];
    private byte[] _joined = [];
    private Task[] _making = [];
    private long _start;
    private long _count;
    private int _batchSize;
    private int _partCount;

    public int Batches { get; private set; }

    /// <summary>Whether it holds records <c>[start, start + count)</c> in batches of <paramref name="batchSize"/>.</summary>
    public bool Holds(long start, long count, int batchSize) => Batches > 0 && _start == start && _count == count && _batchSize == batchSize;

    /// <summary>How many records a run of batches of <paramref name="batchSize"/> should hold: whole batches, about 64 Ki records.</summary>
    public static long RunLength(int batchSize) => Math.Max(1, (1 << 16) / batchSize) * (long)batchSize;

    /// <summary>
    /// Makes records <c>[start, start + count)</c>, in batches of <paramref name="batchSize"/> from
    /// <paramref name="start"/> (the last may be short): each part is a work item of the thread pool,
    /// so the caller (a grain) is free meanwhile, and its parts never wait in the grain's own queue.
    /// </summary>
    public async Task MakeAsync(long start, long count, int batchSize)
    {
        Batches = 0;
        (_start, _count, _batchSize) = (start, count, batchSize);
        _partCount = (int)Math.Clamp(count / MinRecordsPerPart, 1, PartsPerCore * Environment.ProcessorCount);
        while (_parts.Count < _partCount) _parts.Add((newRecords(), new ArrayBufferWriter<byte>(1 << 16)));
        var batches = (int)((count + batchSize - 1) / batchSize);
        if (_beginPart.Length <= batches)
        {
            _beginPart = new int[batches + 1];
            _beginOffset = new int[batches + 1];
        }
        if (_making.Length < _partCount) _making = new Task[_partCount];
        for (var part = 0; part < _partCount; part++)
        {
            var p = part;
            _making[part] = Task.Run(() => MakePart(p));
        }
        await Task.WhenAll(_making.AsSpan(0, _partCount));
        (_beginPart[batches], _beginOffset[batches]) = (_partCount - 1, _parts[_partCount - 1].Buffer.WrittenCount);
        Batches = batches;
    }

    /// <summary>The bytes and record count of batch <paramref name="index"/>: valid until the next call.</summary>
    public (ReadOnlyMemory<byte> Bytes, int Count) Batch(int index)
    {
        var count = (int)Math.Min(_batchSize, _count - (long)index * _batchSize);
        var (firstPart, from) = (_beginPart[index], _beginOffset[index]);
        var (lastPart, to) = (_beginPart[index + 1], _beginOffset[index + 1]);
        if (to == 0 && lastPart > firstPart) (lastPart, to) = (lastPart - 1, _parts[lastPart - 1].Buffer.WrittenCount);
        if (firstPart == lastPart) return (_parts[firstPart].Buffer.WrittenMemory[from..to], count);

        var length = 0;
        for (var part = firstPart; part <= lastPart; part++) length += Piece(part, firstPart, from, lastPart, to).Length;
        if (_joined.Length < length) _joined = new byte[length];
        var offset = 0;
        for (var part = firstPart; part <= lastPart; part++)
        {
            var piece = Piece(part, firstPart, from, lastPart, to);
            piece.CopyTo(_joined.AsSpan(offset));
            offset += piece.Length;
        }
        return (_joined.AsMemory(0, length), count);
    }

    private ReadOnlySpan<byte> Piece(int part, int firstPart, int from, int lastPart, int to)
    {
        var bytes = _parts[part].Buffer.WrittenSpan;
        return bytes[(part == firstPart ? from : 0)..(part == lastPart ? to : bytes.Length)];
    }

    /// <summary>Makes part <paramref name="part"/> of the run, batch piece by batch piece, noting where each batch that begins in it begins.</summary>
    private void MakePart(int part)
    {
        var first = _start + _count * part / _partCount;
        var end = _start + _count * (part + 1) / _partCount;
        var (records, buffer) = _parts[part];
        buffer.ResetWrittenCount();
        var batch = (int)((first - _start + _batchSize - 1) / _batchSize);
        var at = first;
        while (at < end)
        {
            var boundary = _start + (long)batch * _batchSize;
            if (boundary == at)
            {
                // Each part writes the beginnings of its own batches: no two parts write the same entry.
                (_beginPart[batch], _beginOffset[batch]) = (part, buffer.WrittenCount);
                batch++;
                continue;
            }
            var until = Math.Min(end, boundary);
            records.Write(at, (int)(until - at), buffer);
            at = until;
        }
    }
}
