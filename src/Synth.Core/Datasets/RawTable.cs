namespace Synth.Core.Datasets;

/// <summary>
/// An uploaded table as text: header names and, per column, each row's value (null where the
/// field is empty: a missing value). Column-major, as profiling and encoding read it.
/// </summary>
public sealed class RawTable
{
    public RawTable(IReadOnlyList<string> header, string?[][] columns)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(columns);
        if (header.Count != columns.Length) throw new ArgumentException($"{header.Count} names for {columns.Length} columns");
        Rows = columns.Length == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != Rows)) throw new ArgumentException("columns differ in length");
        Header = header;
        Columns = columns;
    }

    public IReadOnlyList<string> Header { get; }

    public string?[][] Columns { get; }

    public int Rows { get; }

    /// <summary>
    /// Reads a CSV with a header line, detecting its encoding and delimiter. Throws
    /// <see cref="CsvDataException"/> (line, column, problem) on malformed input, including an
    /// empty file, a blank or repeated column name, and more than <paramref name="maxRows"/> rows.
    /// </summary>
    public static RawTable ReadCsv(Stream stream, int maxRows = 10_000_000)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[64 * 1024];
        var count = 0;
        int read;
        while (count < head.Length && (read = stream.Read(head, count, head.Length - count)) > 0) count += read;
        var dialect = CsvDialect.Detect(head.AsSpan(0, count));
        using var reader = new CsvRecordReader(new PrefixedStream(head, count, stream), dialect);
        var header = reader.Read() ?? throw new CsvDataException(1, 1, "the file is empty (a header line is needed)");
        for (var c = 0; c < header.Length; c++)
        {
            header[c] = header[c].Trim();
            if (header[c].Length == 0) throw new CsvDataException(1, c + 1, $"column {c + 1} has no name");
            var first = Array.IndexOf(header, header[c]);
            if (first < c) throw new CsvDataException(1, c + 1, $"column name '{header[c]}' is used twice (columns {first + 1} and {c + 1})");
        }
        var columns = header.Select(_ => new List<string?>()).ToArray();
        while (reader.Read() is { } record)
        {
            if (columns[0].Count >= maxRows) throw new CsvDataException(reader.Line - 1, 1, $"more than {maxRows:N0} rows");
            for (var c = 0; c < record.Length; c++) columns[c].Add(record[c].Length == 0 ? null : record[c]);
        }
        return new RawTable(header, [.. columns.Select(c => c.ToArray())]);
    }

    /// <summary>
    /// Splits the rows at random into a training part and a holdout of about
    /// <paramref name="holdoutFraction"/> of them (at least one row each when the fraction is
    /// positive and there are two rows), each keeping the rows' order. The same seed gives the same split.
    /// </summary>
    public (RawTable Train, RawTable Holdout) Split(double holdoutFraction, ulong seed)
    {
        if (!(holdoutFraction >= 0 && holdoutFraction < 1)) throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction, "holdout fraction must be in [0, 1)");
        var holdoutRows = (int)Math.Round(Rows * holdoutFraction);
        if (holdoutFraction > 0 && Rows >= 2) holdoutRows = Math.Clamp(holdoutRows, 1, Rows - 1);
        // A random permutation's first rows are the holdout (Fisher–Yates from a counter-based generator).
        var order = new int[Rows];
        for (var i = 0; i < Rows; i++) order[i] = i;
        var key = Generation.Random.CounterRng.Key(seed, "holdout");
        for (var i = Rows - 1; i > 0; i--)
        {
            var j = Generation.Random.CounterRng.Below(Generation.Random.CounterRng.At(key, i), i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var inHoldout = new bool[Rows];
        for (var i = 0; i < holdoutRows; i++) inHoldout[order[i]] = true;
        return (Take(inHoldout, false), Take(inHoldout, true));
    }

    private RawTable Take(bool[] inHoldout, bool holdout)
    {
        var rows = Enumerable.Range(0, Rows).Where(r => inHoldout[r] == holdout).ToArray();
        return new RawTable(Header, [.. Columns.Select(c => rows.Select(r => c[r]).ToArray())]);
    }

    /// <summary>The bytes already read for detection, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefixLength)
            {
                var n = Math.Min(buffer.Length, prefixLength - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
