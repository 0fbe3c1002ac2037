using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// RFC 4180 CSV with a header row of column names and "\n" line endings (what Unix tools and
/// every CSV reader accept; CRLF would only add a byte per row). A field is quoted when it holds
/// a comma, quote, CR or LF, with quotes doubled. A null is an empty field and an empty string is
/// <c>""</c>, so the two stay distinct (PostgreSQL's <c>COPY … CSV</c> reads them that way).
/// </summary>
public sealed class CsvFormat : OutputFormat
{
    public override string Name => "csv";

    public override string Extension => ".csv";

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output) =>
        DelimitedBlockEncoder.WriteHeader(layout, TextEscaping.Csv, (byte)',', output);

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) => new DelimitedBlockEncoder(layout, TextStyle.Csv, (byte)',');

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
    }
}
