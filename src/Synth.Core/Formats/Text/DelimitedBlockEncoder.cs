using System.Buffers;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>Rows of CSV or TSV: cells joined by the delimiter, a null as an empty field, "\n" after each row.</summary>
internal sealed class DelimitedBlockEncoder(TableLayout layout, TextStyle style, byte delimiter) : IBlockEncoder
{
    private readonly TextColumnWriter[] _columns = TextColumnWriter.CreateAll(layout, style);

    public void Begin(long firstRow, IBufferWriter<byte> output)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(RowBatch batch, IBufferWriter<byte> output)
    {
        var columns = _columns;
        TextColumnWriter.BindAll(columns, batch);
        var sink = new BufferSink(output);
        for (var row = 0; row < batch.Count; row++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                if (c != 0)
                {
                    sink.Write(delimiter);
                }
                var column = columns[c];
                if (!column.IsNull(row))
                {
                    column.Write(ref sink, row);
                }
            }
            sink.Write((byte)'\n');
        }
        sink.Flush();
    }

    public object? End(IBufferWriter<byte> output) => null;

    /// <summary>The header row: column names escaped like any other text cell.</summary>
    public static void WriteHeader(TableLayout layout, TextEscaping escaping, byte delimiter, IBufferWriter<byte> output)
    {
        var sink = new BufferSink(output);
        for (var c = 0; c < layout.Columns.Count; c++)
        {
            if (c != 0)
            {
                sink.Write(delimiter);
            }
            sink.Write(TextEscaper.Escape(escaping, layout.Columns[c].Name));
        }
        sink.Write((byte)'\n');
        sink.Flush();
    }
}
