using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Threading.Channels;
using Synth.Core.Data;
using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output.Zip;

namespace Synth.Core.Output;

/// <summary>
/// Generates rows and streams them to a <see cref="Stream"/> in a format. Blocks are dealt
/// round-robin to worker threads (block b to worker b mod T); each worker fills batches, encodes
/// (and gzips) its blocks in order into a small ring of reusable buffers, and the writer takes
/// block b from worker b mod T. Order needs no sorting, memory is bounded by T × 3 blocks
/// whatever the row count, and the bytes are those of a single-threaded run. A run can also be
/// cut into <see cref="Shard"/>s generated separately (on other machines) and assembled as
/// header · shard 0 · shard 1 · … · footer.
/// </summary>
public static class GenerationRunner
{
    private const int BuffersPerWorker = 3;

    /// <summary>Writes the whole output: header, every block, footer.</summary>
    public static GenerationResult Run(CompiledSchema schema, OutputFormat format, long rows, Stream output,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var all = Shard.Split(rows, format.RowsPerBlock, 1)[0];
        var written = WriteHeader(schema, format, output, options);
        var shard = RunShard(schema, format, rows, all, output, options, progress, cancellationToken);
        written += shard.Bytes;
        written += WriteFooter(schema, format, rows, [shard], output, options);
        output.Flush();
        return new GenerationResult(rows, written, stopwatch.Elapsed);
    }

    /// <summary>Writes the header; returns the bytes written.</summary>
    public static long WriteHeader(CompiledSchema schema, OutputFormat format, Stream output, GenerationOptions options) =>
        WriteHeader(schema.Layout, format, output, options.Gzip);

    /// <summary>Writes the header of a file of <paramref name="layout"/>'s columns, whoever makes its rows.</summary>
    public static long WriteHeader(TableLayout layout, OutputFormat format, Stream output, bool gzip)
    {
        var header = new ArrayBufferWriter<byte>();
        format.WriteHeader(layout, header);
        return Emit(header.WrittenSpan, output, gzip);
    }

    /// <summary>Writes the footer after every shard's blocks, given in order; returns the bytes written.</summary>
    public static long WriteFooter(CompiledSchema schema, OutputFormat format, long rows, IReadOnlyList<ShardResult> shards, Stream output, GenerationOptions options) =>
        WriteFooter(schema.Layout, format, rows, shards, output, options.Gzip);

    /// <summary>Writes the footer of a file of <paramref name="layout"/>'s columns after its shards' blocks, given in order.</summary>
    public static long WriteFooter(TableLayout layout, OutputFormat format, long rows, IReadOnlyList<ShardResult> shards, Stream output, bool gzip)
    {
        // Block offsets are absolute, so the header's length is needed. Encoding the (tiny) header
        // again keeps the footer computable by whoever assembles shards, with no state carried over.
        var header = new ArrayBufferWriter<byte>();
        format.WriteHeader(layout, header);
        long offset = header.WrittenCount;
        var placements = new List<BlockPlacement>();
        foreach (var shard in shards)
        {
            foreach (var block in shard.Blocks)
            {
                placements.Add(block with { Offset = offset });
                offset += block.Length;
            }
        }
        var footer = new ArrayBufferWriter<byte>();
        format.WriteFooter(layout, new FooterContext(rows, placements), footer);
        return Emit(footer.WrittenSpan, output, gzip);
    }

    /// <summary>
    /// Writes a part file: the rows of <paramref name="shard"/> as a complete file of their own
    /// (header, blocks, footer), for outputs split into several files. The values are those of
    /// the same rows in a single run; only their placement in the file differs.
    /// </summary>
    public static GenerationResult RunPart(CompiledSchema schema, OutputFormat format, long rows, Shard shard, Stream output,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var written = WriteHeader(schema, format, output, options);
        var result = RunShard(schema, format, rows, shard, output, options, progress, cancellationToken, fileFirstRow: shard.FirstRow);
        written += result.Bytes;
        written += WriteFooter(schema, format, shard.RowCount, [result], output, options);
        output.Flush();
        return new GenerationResult(shard.RowCount, written, stopwatch.Elapsed);
    }

    /// <summary>
    /// Generates and writes the blocks of one shard (no header, no footer). Any shard can run
    /// anywhere, on its own: its bytes depend only on the schema, seed and its row range (and
    /// <paramref name="fileFirstRow"/>, the row its output file starts at: 0 but for part files).
    /// </summary>
    public static ShardResult RunShard(CompiledSchema schema, OutputFormat format, long rows, Shard shard, Stream output,
        GenerationOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default, long fileFirstRow = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (options.Gzip && !format.SupportsStreamGzip) throw new ArgumentException($"{format.Name} compresses itself; stream gzip does not apply", nameof(options));
        var blockCount = shard.BlockCount;
        var threads = Math.Clamp(options.Threads, 1, Math.Max(1, blockCount));
        var batchSize = Math.Clamp(options.BatchSize, 1, format.RowsPerBlock);
        var workers = Enumerable.Range(0, threads)
            .Select(w => new Worker(schema, format, shard.FirstBlock + w, threads, shard.FirstBlock + blockCount, rows, batchSize, options.Gzip, options.ZipEntry, fileFirstRow))
            .ToArray();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = workers.Select(w => Task.Factory.StartNew(() => w.Run(cancel.Token), cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var placements = new List<BlockPlacement>(blockCount);
        long offset = 0, written = 0, rowsDone = 0, content = 0;
        uint crc = 0;
        try
        {
            for (var b = 0; b < blockCount; b++)
            {
                var worker = workers[b % threads];
                var block = worker.Ready.Reader.ReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
                output.Write(block.Output);
                written += block.Output.Length;
                placements.Add(new BlockPlacement(offset, block.Plain.WrittenCount, block.Rows, block.Summary));
                if (options.ZipEntry is not null) crc = Crc32Combine.Combine(crc, block.Crc32, block.Content.Length);
                content += block.Content.Length;
                offset += block.Plain.WrittenCount;
                rowsDone += block.Rows;
                worker.Free.Writer.TryWrite(block);
                progress?.Invoke(rowsDone);
            }
            Task.WaitAll(tasks, cancel.Token);
        }
        catch
        {
            cancel.Cancel();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
            {
            }
            throw;
        }
        return new ShardResult(shard, placements, written) { Crc32 = crc, ContentLength = content };
    }

    /// <summary>Writes bytes, as one gzip member when <paramref name="gzip"/> (members concatenate into a valid gzip file); returns the bytes written.</summary>
    internal static long Emit(ReadOnlySpan<byte> bytes, Stream output, bool gzip)
    {
        if (bytes.IsEmpty) return 0;
        if (!gzip)
        {
            output.Write(bytes);
            return bytes.Length;
        }
        var member = new MemoryStream();
        Compress(bytes, member);
        output.Write(member.GetBuffer(), 0, (int)member.Length);
        return member.Length;
    }

    private static void Compress(ReadOnlySpan<byte> bytes, MemoryStream destination)
    {
        using var gz = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        gz.Write(bytes);
    }

    private sealed class EncodedBlock
    {
        public ArrayBufferWriter<byte> Plain { get; } = new(1 << 20);

        public MemoryStream Packed { get; } = new();

        public MemoryStream Segment { get; } = new();

        public bool IsCompressed { get; set; }

        public bool IsSegment { get; set; }

        /// <summary>The block as a file holds it: the gzip member when compressed, else the plain encoding.</summary>
        public ReadOnlySpan<byte> Content => IsCompressed ? Packed.GetBuffer().AsSpan(0, (int)Packed.Length) : Plain.WrittenSpan;

        /// <summary>The bytes that go to the stream: the content, or its deflate segment in a deflated zip entry.</summary>
        public ReadOnlySpan<byte> Output => IsSegment ? Segment.GetBuffer().AsSpan(0, (int)Segment.Length) : Content;

        /// <summary>CRC-32 of <see cref="Content"/>, in a zip entry.</summary>
        public uint Crc32 { get; set; }

        public int Rows { get; set; }

        public object? Summary { get; set; }
    }

    private sealed class Worker
    {
        private readonly CompiledSchema _schema;
        private readonly OutputFormat _format;
        private readonly int _firstBlock, _stride, _endBlock, _batchSize;
        private readonly long _rows, _fileFirstRow;
        private readonly bool _gzip;
        private readonly ZipMethod? _zipEntry;

        public Worker(CompiledSchema schema, OutputFormat format, int firstBlock, int stride, int endBlock, long rows, int batchSize, bool gzip, ZipMethod? zipEntry, long fileFirstRow)
        {
            (_schema, _format, _firstBlock, _stride, _endBlock, _rows, _batchSize, _gzip, _zipEntry, _fileFirstRow) = (schema, format, firstBlock, stride, endBlock, rows, batchSize, gzip, zipEntry, fileFirstRow);
            Ready = Channel.CreateBounded<EncodedBlock>(BuffersPerWorker);
            Free = Channel.CreateUnbounded<EncodedBlock>();
            for (var i = 0; i < BuffersPerWorker; i++) Free.Writer.TryWrite(new EncodedBlock());
        }

        public Channel<EncodedBlock> Ready { get; }

        public Channel<EncodedBlock> Free { get; }

        public void Run(CancellationToken cancellationToken)
        {
            var filler = _schema.CreateFiller(_batchSize);
            var batch = _schema.CreateBatch(_batchSize);
            var encoder = _format.CreateBlockEncoder(_schema.Layout);
            var blockRows = _format.RowsPerBlock;
            for (var b = _firstBlock; b < _endBlock; b += _stride)
            {
                var block = Free.Reader.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
                block.Plain.ResetWrittenCount();
                var first = (long)b * blockRows;
                var end = Math.Min(_rows, first + blockRows);
                encoder.Begin(first - _fileFirstRow, block.Plain);
                for (var row = first; row < end; row += _batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    filler.Fill(batch, row, (int)Math.Min(_batchSize, end - row));
                    batch.FileRow = row - _fileFirstRow;
                    encoder.Encode(batch, block.Plain);
                }
                block.Summary = encoder.End(block.Plain);
                block.Rows = (int)(end - first);
                block.IsCompressed = _gzip;
                if (_gzip)
                {
                    block.Packed.SetLength(0);
                    Compress(block.Plain.WrittenSpan, block.Packed);
                }
                block.IsSegment = _zipEntry == ZipMethod.Deflated;
                if (_zipEntry is not null) block.Crc32 = System.IO.Hashing.Crc32.HashToUInt32(block.Content);
                if (block.IsSegment)
                {
                    block.Segment.SetLength(0);
                    ZipEntryData.WriteSegment(block.Content, block.Segment);
                }
                Ready.Writer.WriteAsync(block, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
            Ready.Writer.TryComplete();
        }
    }
}
