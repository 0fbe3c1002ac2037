using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// Tab-separated values with a header row and "\n" line endings. TSV has no quoting or escape
/// syntax, so a tab, CR or LF inside a value is written as a space: otherwise it would end the
/// field or the row for every reader. That is lossy for those three characters only; use CSV
/// when text must survive exactly. A null and an empty string are both an empty field.
/// </summary>
public sealed class TsvFormat : OutputFormat
{
    public override string Name => "tsv";

    public override string Extension => ".tsv";

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output) =>
        DelimitedBlockEncoder.WriteHeader(layout, TextEscaping.Tsv, (byte)'\t', output);

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) => new DelimitedBlockEncoder(layout, TextStyle.Tsv, (byte)'\t');

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
    }
}
