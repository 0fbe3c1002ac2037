using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Synth.Core.Formats;

namespace Synth.Core.Datasets;

/// <summary>
/// Writes sampled tables (<see cref="RawTable"/> batches) as CSV (RFC 4180, a header line, "\n"
/// after each row), JSON Lines or one JSON array, in three separate pieces: a header, any number
/// of row batches, a footer. The pieces concatenate into the file, and a batch's bytes depend
/// only on its rows and on the index of its first row in the file (JSON's ",\n" separators), so
/// batches written apart — by different silos — join into exactly the file written in one go.
/// With gzip each non-empty piece is one gzip member; concatenated members are one valid gzip file.
/// </summary>
public sealed class TableWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly IReadOnlyList<string> _header;
    private readonly bool[] _numeric;

    /// <param name="format">csv, jsonl or json (any case).</param>
    /// <param name="header">Column names, in the order of the tables' columns.</param>
    /// <param name="kinds">Each column's kind: JSON writes integer, continuous and identifier values as numbers, the rest as strings. Null: all strings.</param>
    /// <param name="gzip">Each piece as one gzip member.</param>
    public TableWriter(string format, IReadOnlyList<string> header, IReadOnlyList<ColumnKind>? kinds = null, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(header);
        Format = format.Trim().ToLowerInvariant();
        if (!Formats.Contains(Format, StringComparer.Ordinal)) throw new ArgumentException($"format: unknown format '{format}'; one of {string.Join(", ", Formats)}", nameof(format));
        if (kinds is not null && kinds.Count != header.Count) throw new ArgumentException($"{kinds.Count} kinds for {header.Count} columns", nameof(kinds));
        _header = header;
        _numeric = [.. Enumerable.Range(0, header.Count).Select(c => kinds?[c] is ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Identifier)];
        Gzip = gzip;
    }

    /// <summary>The formats a table can be written in.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["csv", "jsonl", "json"];

    /// <summary>csv, jsonl or json.</summary>
    public string Format { get; }

    public bool Gzip { get; }

    /// <summary>The file's media type (application/gzip when gzipped).</summary>
    public string ContentType => OutputFormats.MediaType(Format, Gzip);

    /// <summary>".csv", ".jsonl.gz", …</summary>
    public string Extension => "." + Format + (Gzip ? ".gz" : "");

    /// <summary>A writer for the columns of <paramref name="domain"/> (all of them, as <see cref="TableCodec.Decode"/> gives them).</summary>
    public static TableWriter For(DomainSpec domain, string format, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new TableWriter(format, [.. domain.Columns.Select(c => c.Name)], [.. domain.Columns.Select(c => c.Kind)], gzip);
    }

    /// <summary>CSV: the header line; JSON: "["; JSON Lines: nothing.</summary>
    public void WriteHeader(Stream output)
    {
        switch (Format)
        {
            case "csv":
                WritePiece(output, text => text.Append(string.Join(',', _header.Select(Quote))).Append('\n'));
                break;
            case "json":
                WritePiece(output, text => text.Append('['));
                break;
        }
    }

    /// <summary>The rows of <paramref name="table"/>, whose first row is row <paramref name="firstRow"/> of the file (0-based).</summary>
    public void WriteRows(RawTable table, long firstRow, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        if (table.Header.Count != _header.Count) throw new ArgumentException($"the table has {table.Header.Count} columns, the writer {_header.Count}", nameof(table));
        if (table.Rows == 0) return;
        if (Format == "csv")
        {
            WritePiece(output, text => AppendCsv(text, table));
            return;
        }
        WriteBytes(output, bytes =>
        {
            using var json = new Utf8JsonWriter(bytes, JsonOptions);
            for (var row = 0; row < table.Rows; row++)
            {
                if (Format == "json")
                {
                    json.Flush();
                    bytes.Write(firstRow + row == 0 ? "\n"u8 : ",\n"u8);
                }
                json.WriteStartObject();
                for (var c = 0; c < _header.Count; c++)
                {
                    json.WritePropertyName(_header[c]);
                    var value = table.Columns[c][row];
                    if (value is null) json.WriteNullValue();
                    else if (_numeric[c]) json.WriteRawValue(value, skipInputValidation: true);
                    else json.WriteStringValue(value);
                }
                json.WriteEndObject();
                json.Flush();
                if (Format == "jsonl") bytes.Write("\n"u8);
                json.Reset();
            }
        });
    }

    /// <summary>JSON: "\n]\n"; CSV and JSON Lines: nothing.</summary>
    public void WriteFooter(Stream output)
    {
        if (Format == "json") WritePiece(output, text => text.Append("\n]\n"));
    }

    /// <summary>A whole file in one go: header, <paramref name="batches"/> in order, footer.</summary>
    public void WriteAll(IEnumerable<RawTable> batches, Stream output)
    {
        ArgumentNullException.ThrowIfNull(batches);
        WriteHeader(output);
        long row = 0;
        foreach (var batch in batches)
        {
            WriteRows(batch, row, output);
            row += batch.Rows;
        }
        WriteFooter(output);
    }

    private void AppendCsv(StringBuilder text, RawTable table)
    {
        for (var row = 0; row < table.Rows; row++)
        {
            for (var c = 0; c < _header.Count; c++)
            {
                if (c > 0) text.Append(',');
                // A missing value is an empty field; the empty string is "" (as generation jobs write them).
                if (table.Columns[c][row] is { } value) text.Append(Quote(value));
            }
            text.Append('\n');
        }
    }

    private static string Quote(string value) =>
        value.Length == 0 ? "\"\"" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private void WritePiece(Stream output, Action<StringBuilder> build)
    {
        var text = new StringBuilder();
        build(text);
        WriteBytes(output, bytes => bytes.Write(Utf8.GetBytes(text.ToString())));
    }

    private void WriteBytes(Stream output, Action<MemoryStream> build)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var bytes = new MemoryStream();
        build(bytes);
        if (bytes.Length == 0) return;
        if (!Gzip)
        {
            bytes.Position = 0;
            bytes.CopyTo(output);
            return;
        }
        using var member = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        bytes.Position = 0;
        bytes.CopyTo(member);
    }
}
