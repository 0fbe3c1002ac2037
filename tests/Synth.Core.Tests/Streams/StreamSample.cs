using System.Buffers;
using System.Globalization;
using System.Text;
using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Core.Tests.Streams;

/// <summary>Records of a stream as a test reads them: CSV written by <see cref="StreamRecordWriter"/>, parsed back by column name.</summary>
internal static class StreamSample
{
    public static StreamConcepts Concepts(string schema, string plan, ulong seed = 7, double? rate = null) =>
        StreamConcepts.Compile(SchemaText.Parse(schema), DriftPlanReader.Read(plan), seed, rate, new StreamColumns("_seq", "_concept"));

    public static string Csv(StreamConcepts concepts, long first, int count, bool header = true)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new StreamRecordWriter(concepts, "csv");
        if (header) writer.WriteHeader(output);
        writer.Write(first, count, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Records <c>[first, first + count)</c> as rows of column → text.</summary>
    public static List<Dictionary<string, string>> Records(StreamConcepts concepts, long first, int count)
    {
        var lines = Csv(concepts, first, count).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var names = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => names.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    public static double Number(this Dictionary<string, string> record, string column) => double.Parse(record[column], CultureInfo.InvariantCulture);

    public static double Mean(this IEnumerable<Dictionary<string, string>> records, string column) => records.Average(r => r.Number(column));
}
