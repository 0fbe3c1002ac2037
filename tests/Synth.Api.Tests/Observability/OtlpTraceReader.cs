using System.Text;

namespace Synth.Api.Tests.Observability;

/// <summary>
/// Reads the spans of an OTLP <c>ExportTraceServiceRequest</c> from its protobuf bytes, with just the
/// wire format (no generated classes are served here): resource_spans(1) → scope_spans(2) →
/// scope(1).name(1) and spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5) and the
/// string-valued attributes(9) → key(1), value(2).string_value(1).
/// </summary>
internal static class OtlpTraceReader
{
    public static List<ReceivedSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request.ToArray()))
        {
            if (field != 1) continue;
            foreach (var (f, scopeSpans) in Fields(resourceSpans))
            {
                if (f != 2) continue;
                var scope = "";
                foreach (var (g, value) in Fields(scopeSpans))
                {
                    if (g == 1) scope = Text(Fields(value).FirstOrDefault(x => x.Field == 1).Value);
                    if (g == 2) spans.Add(Span(scope, value));
                }
            }
        }
        return spans;
    }

    private static ReceivedSpan Span(string scope, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var attributes = new Dictionary<string, string>();
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Text(value); break;
                case 9:
                    var pair = Fields(value);
                    var key = Text(pair.FirstOrDefault(x => x.Field == 1).Value);
                    var text = pair.FirstOrDefault(x => x.Field == 2).Value is { } any ? Fields(any).FirstOrDefault(x => x.Field == 1).Value : null;
                    if (text is not null) attributes[key] = Text(text);
                    break;
            }
        }
        return new ReceivedSpan(scope, traceId, spanId, parent, name, attributes);
    }

    private static string Text(byte[]? value) => value is null ? "" : Encoding.UTF8.GetString(value);

    /// <summary>The length-delimited fields of a message (numbers and fixed-size fields are skipped).</summary>
    private static List<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: Varint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add((field, message[position..(position + length)]));
                    position += length;
                    break;
                default: throw new FormatException($"wire type {tag & 7} at byte {position}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
