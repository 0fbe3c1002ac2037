using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>JSON Lines: one object per line, no header or footer; values as in <see cref="JsonFormat"/>.</summary>
public sealed class JsonLinesFormat : OutputFormat
{
    public override string Name => "jsonl";

    public override string Extension => ".jsonl";

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output)
    {
    }

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) => new JsonBlockEncoder(layout, array: false);

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output)
    {
    }
}
