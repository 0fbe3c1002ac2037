using System.Buffers;
using Synth.Core.Data;
using Synth.Core.Formats;
using Synth.Core.Generation;

namespace Synth.Core.Streams;

/// <summary>
/// Writes records of a stream, by sequence number, in a record-per-line format (CSV, TSV, JSON Lines):
/// the records <c>[first, first + count)</c> are cut into runs drawn from one concept each, every run
/// filled by that concept's compiled schema and encoded as it comes. Whatever the batches, the bytes of
/// a range are the same (a record depends only on its number). One writer per thread.
/// </summary>
public sealed class StreamRecordWriter
{
    /// <summary>The formats a stream writes record by record.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["csv", "tsv", "jsonl"];

    private readonly StreamConcepts _concepts;
    private readonly OutputFormat _format;
    private readonly int _capacity;
    private readonly Dictionary<CompiledSchema, ConceptWriter> _writers = [];

    public StreamRecordWriter(StreamConcepts concepts, string format, int batchCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        if (!Formats.Contains(format)) throw new ArgumentException($"format: a stream writes {string.Join(", ", Formats)}; got '{format}'");
        _concepts = concepts;
        _format = OutputFormats.Create(format, new FormatOptions());
        _capacity = batchCapacity;
    }

    /// <summary>The records' columns.</summary>
    public TableLayout Layout => _concepts.Layout;

    /// <summary>The format's header (the CSV column names; nothing for JSON Lines), once per file.</summary>
    public void WriteHeader(IBufferWriter<byte> output) => _format.WriteHeader(_concepts.Layout, output);

    public void Write(long first, int count, IBufferWriter<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var end = first + count;
        var sequence = first;
        var index = count > 0 ? _concepts.Resolve(sequence) : 0;
        while (sequence < end)
        {
            // The run of records drawn from the same concept, up to one batch.
            var run = 1;
            var next = -1;
            while (sequence + run < end && run < _capacity)
            {
                next = _concepts.Resolve(sequence + run);
                if (next != index) break;
                run++;
            }
            Writer(_concepts.Schema(index)).Write(sequence, run, output);
            sequence += run;
            if (sequence < end) index = next >= 0 && next != index ? next : _concepts.Resolve(sequence);
        }
    }

    private ConceptWriter Writer(CompiledSchema schema)
    {
        if (!_writers.TryGetValue(schema, out var writer))
        {
            // The simple drift recompiles its concepts as they come: forget writers of concepts no longer compiled.
            if (_writers.Count > 64) _writers.Clear();
            _writers[schema] = writer = new ConceptWriter(schema, _format.CreateBlockEncoder(schema.Layout), _capacity);
        }
        return writer;
    }

    private sealed class ConceptWriter(CompiledSchema schema, IBlockEncoder encoder, int capacity)
    {
        private readonly CompiledSchema.BatchFiller _filler = schema.CreateFiller(capacity);
        private readonly RowBatch _batch = schema.CreateBatch(capacity);

        public void Write(long first, int count, IBufferWriter<byte> output)
        {
            _filler.Fill(_batch, first, count);
            _batch.FileRow = first;
            encoder.Begin(first, output);
            encoder.Encode(_batch, output);
            encoder.End(output);
        }
    }
}
