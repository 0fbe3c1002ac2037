namespace Synth.Bench.Bogus;

/// <summary>RFC 4180 quoting, so a generated value with a comma or quote cannot break the file.</summary>
public static class CsvField
{
    public static void Write(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
