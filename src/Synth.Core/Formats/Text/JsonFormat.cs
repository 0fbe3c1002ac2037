using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// One JSON array of objects, one object per line: <c>[</c>, rows separated by ",\n", then
/// <c>\n]\n</c>. Zero rows give <c>[\n]\n</c>, still valid JSON. Timestamps, dates and UUIDs are
/// strings (ISO-8601 without offset, values are UTC); NaN and infinities are null.
/// </summary>
public sealed class JsonFormat : OutputFormat
{
    public override string Name => "json";

    public override string Extension => ".json";

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output) => output.Write("["u8);

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) => new JsonBlockEncoder(layout, array: true);

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output) => output.Write("\n]\n"u8);
}
