using System.Buffers;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Rows as JSON objects <c>{"name":value,…}</c>, a null as <c>null</c>. In an array every row but
/// the file's first is preceded by ",\n" (the first by "\n"), which is decided from the row's index in
/// the file alone, so blocks concatenate into one valid array. In JSON Lines each object ends with "\n".
/// </summary>
internal sealed class JsonBlockEncoder : IBlockEncoder
{
    private readonly TextColumnWriter[] _columns;

    // Per column: '{' or ',' then the escaped key and ':', prepared once.
    private readonly byte[][] _keyPrefixes;
    private readonly bool _array;

    public JsonBlockEncoder(TableLayout layout, bool array)
    {
        _columns = TextColumnWriter.CreateAll(layout, TextStyle.Json);
        _array = array;
        _keyPrefixes = new byte[_columns.Length][];
        for (var c = 0; c < _columns.Length; c++)
        {
            var key = TextEscaper.Escape(TextEscaping.Json, layout.Columns[c].Name);
            var prefix = new byte[key.Length + 2];
            prefix[0] = c == 0 ? (byte)'{' : (byte)',';
            key.CopyTo(prefix, 1);
            prefix[^1] = (byte)':';
            _keyPrefixes[c] = prefix;
        }
    }

    public void Begin(long firstRow, IBufferWriter<byte> output)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(RowBatch batch, IBufferWriter<byte> output)
    {
        var columns = _columns;
        var prefixes = _keyPrefixes;
        TextColumnWriter.BindAll(columns, batch);
        var sink = new BufferSink(output);
        for (var row = 0; row < batch.Count; row++)
        {
            if (_array)
            {
                sink.Write(batch.FileRow + row == 0 ? "\n"u8 : ",\n"u8);
            }
            if (columns.Length == 0)
            {
                sink.Write((byte)'{');
            }
            for (var c = 0; c < columns.Length; c++)
            {
                sink.Write(prefixes[c]);
                var column = columns[c];
                if (column.IsNull(row))
                {
                    sink.Write("null"u8);
                }
                else
                {
                    column.Write(ref sink, row);
                }
            }
            sink.Write(_array ? "}"u8 : "}\n"u8);
        }
        sink.Flush();
    }

    public object? End(IBufferWriter<byte> output) => null;
}
