using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Parquet;

/// <summary>
/// Encodes one block as one row group. Rows are buffered column by column during
/// <see cref="Encode"/>; <see cref="End"/> writes every column chunk and returns a
/// <see cref="ParquetRowGroupSummary"/> with block-relative offsets. Nothing is allocated per
/// row, and the buffers stay with the encoder for its next block.
/// </summary>
internal sealed class ParquetBlockEncoder : IBlockEncoder
{
    private readonly ParquetColumnWriter[] _columns;
    private readonly ParquetPageWriter _pages;
    private int _rows;

    public ParquetBlockEncoder(TableLayout layout, ParquetEncodingLimits limits, bool gzip)
    {
        _columns = new ParquetColumnWriter[layout.Columns.Count];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = ParquetColumnWriter.Create(layout.Columns[i], limits);
        }
        _pages = new ParquetPageWriter(gzip);
    }

    public void Begin(long firstRow, IBufferWriter<byte> output)
    {
        _rows = 0;
        foreach (var column in _columns)
        {
            column.Reset();
        }
    }

    public void Encode(RowBatch batch, IBufferWriter<byte> output)
    {
        if (batch.Columns.Length < _columns.Length)
        {
            throw new ArgumentException($"Batch has {batch.Columns.Length} columns, fewer than the layout's {_columns.Length}.", nameof(batch));
        }
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Append(batch.Columns[i], batch.Count);
        }
        _rows += batch.Count;
    }

    public object? End(IBufferWriter<byte> output)
    {
        if (_rows == 0)
        {
            return null;
        }
        _pages.BeginBlock(output);
        var chunks = new ParquetColumnChunkSummary[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            chunks[i] = _columns[i].WriteChunk(_pages);
        }
        return new ParquetRowGroupSummary(_rows, chunks);
    }
}
