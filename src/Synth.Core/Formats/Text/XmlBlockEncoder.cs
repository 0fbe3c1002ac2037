using System.Buffers;
using System.Text;
using Synth.Core.Data;
using System.Runtime.CompilerServices;

namespace Synth.Core.Formats.Text;

/// <summary>One <c>&lt;row&gt;</c> element per row, one child element per non-null column; a null column is omitted.</summary>
internal sealed class XmlBlockEncoder : IBlockEncoder
{
    private readonly TextColumnWriter[] _columns;
    private readonly byte[][] _openTags;
    private readonly byte[][] _closeTags;

    public XmlBlockEncoder(TableLayout layout, string[] elementNames)
    {
        _columns = TextColumnWriter.CreateAll(layout, TextStyle.Xml);
        _openTags = new byte[elementNames.Length][];
        _closeTags = new byte[elementNames.Length][];
        for (var c = 0; c < elementNames.Length; c++)
        {
            _openTags[c] = Encoding.UTF8.GetBytes("<" + elementNames[c] + ">");
            _closeTags[c] = Encoding.UTF8.GetBytes("</" + elementNames[c] + ">");
        }
    }

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
            sink.Write("  <row>"u8);
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                if (column.IsNull(row))
                {
                    continue;
                }
                sink.Write(_openTags[c]);
                column.Write(ref sink, row);
                sink.Write(_closeTags[c]);
            }
            sink.Write("</row>\n"u8);
        }
        sink.Flush();
    }

    public object? End(IBufferWriter<byte> output) => null;
}
