using System.Buffers;
using Synth.Core.Data;

namespace Synth.Core.Formats.Text;

/// <summary>
/// UTF-8 XML: <c>&lt;rows&gt;</c> holding one <c>&lt;row&gt;</c> per row with one child element per
/// column, named after the column (sanitised by <see cref="XmlNames"/> when the name is not a valid
/// XML name). A null is an omitted element, so it stays distinct from an empty string. Text is
/// escaped for XML 1.0; characters XML 1.0 cannot carry at all (control characters other than tab,
/// CR and LF, U+FFFE, U+FFFF) are written as U+FFFD.
/// </summary>
public sealed class XmlFormat : OutputFormat
{
    public override string Name => "xml";

    public override string Extension => ".xml";

    public override void WriteHeader(TableLayout layout, IBufferWriter<byte> output) =>
        output.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rows>\n"u8);

    public override IBlockEncoder CreateBlockEncoder(TableLayout layout) =>
        new XmlBlockEncoder(layout, XmlNames.ElementNames(ColumnNames(layout)));

    public override void WriteFooter(TableLayout layout, FooterContext context, IBufferWriter<byte> output) =>
        output.Write("</rows>\n"u8);

    private static string[] ColumnNames(TableLayout layout)
    {
        var names = new string[layout.Columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = layout.Columns[i].Name;
        }
        return names;
    }
}
