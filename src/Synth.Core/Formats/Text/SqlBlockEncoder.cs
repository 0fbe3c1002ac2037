using System.Buffers;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Rows as tuples of multi-row INSERT statements. Statement boundaries fall on row indices within the file
/// (a new INSERT at every multiple of rows-per-insert, the terminating ';' after the row before
/// the next multiple), so the statements are the same however the rows were split into blocks.
/// The footer closes a last statement that is still open.
/// </summary>
internal sealed class SqlBlockEncoder(TableLayout layout, TextStyle style, byte[] insertHead, int rowsPerInsert) : IBlockEncoder
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
        var positionInStatement = (int)(batch.FileRow % rowsPerInsert);
        for (var row = 0; row < batch.Count; row++)
        {
            sink.Write(positionInStatement == 0 ? insertHead : ",\n("u8);
            for (var c = 0; c < columns.Length; c++)
            {
                if (c != 0)
                {
                    sink.Write((byte)',');
                }
                var column = columns[c];
                if (column.IsNull(row))
                {
                    sink.Write("NULL"u8);
                }
                else
                {
                    column.Write(ref sink, row);
                }
            }
            if (++positionInStatement == rowsPerInsert)
            {
                sink.Write(");\n"u8);
                positionInStatement = 0;
            }
            else
            {
                sink.Write((byte)')');
            }
        }
        sink.Flush();
    }

    public object? End(IBufferWriter<byte> output) => null;
}
