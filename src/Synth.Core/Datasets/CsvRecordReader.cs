using System.Text;

namespace Synth.Core.Datasets;

/// <summary>
/// Reads RFC 4180 records one at a time from a stream (quoted fields, "" escapes, line breaks
/// inside quotes, CRLF or LF), keeping line and column for errors. Every record must have as
/// many fields as the first (the header). Empty lines are skipped.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    /// <summary>Longest field, in characters: a longer one (an unclosed quote swallowing the file, a hostile upload) is refused. 1 MiB.</summary>
    public const int MaxFieldChars = 1 << 20;

    /// <summary>Most fields in one record. 10,000.</summary>
    public const int MaxFields = 10_000;

    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _length, _position;
    private long _line = 1;
    private int _column;
    private int _expected = -1;

    public CsvRecordReader(Stream stream, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dialect);
        _reader = new StreamReader(stream, dialect.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        _delimiter = dialect.Delimiter;
    }

    /// <summary>The line the next record starts on (1-based).</summary>
    public long Line => _line;

    /// <summary>The next record's fields, or null at the end. Throws <see cref="CsvDataException"/> on malformed input.</summary>
    public string[]? Read()
    {
        while (true)
        {
            var startLine = _line;
            if (!ReadRecord()) return null;
            if (_fields.Count == 1 && _fields[0].Length == 0) continue; // an empty line
            if (_expected < 0) _expected = _fields.Count;
            else if (_fields.Count != _expected)
            {
                throw new CsvDataException(startLine, 1, $"expected {_expected} fields (as in the header), found {_fields.Count}");
            }
            return [.. _fields];
        }
    }

    private bool ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        _column = 0;
        var any = false;
        var quoted = false;
        var afterQuote = false;
        long quoteLine = 0;
        var quoteColumn = 0;
        var fieldStart = true;
        while (true)
        {
            var c = Next();
            if (c < 0)
            {
                if (quoted) throw new CsvDataException(quoteLine, quoteColumn, "a quoted field is never closed (missing \")");
                if (!any) return false;
                _fields.Add(_field.ToString());
                return true;
            }
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (Peek() == '"')
                    {
                        Next();
                        Append('"', quoteLine, quoteColumn);
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    Append(ch, quoteLine, quoteColumn);
                    if (ch == '\n') NewLine();
                }
                continue;
            }
            if (ch == _delimiter)
            {
                if (_fields.Count == MaxFields - 1) throw new CsvDataException(_line, _column, $"a record has more than {MaxFields:N0} fields, the limit");
                _fields.Add(_field.ToString());
                _field.Clear();
                afterQuote = false;
                fieldStart = true;
                continue;
            }
            if (ch == '\r' && Peek() == '\n') continue;
            if (ch == '\n')
            {
                _fields.Add(_field.ToString());
                NewLine();
                return true;
            }
            if (afterQuote) throw new CsvDataException(_line, _column, $"unexpected '{Printable(ch)}' after a closing quote (a field that starts with \" must end with it)");
            if (ch == '"')
            {
                if (!fieldStart) throw new CsvDataException(_line, _column, "a quote inside an unquoted field (quote the whole field and double the quote: \"\")");
                quoted = true;
                quoteLine = _line;
                quoteColumn = _column;
                fieldStart = false;
                continue;
            }
            Append(ch, _line, _column);
            fieldStart = false;
        }
    }

    private void Append(char ch, long line, int column)
    {
        if (_field.Length == MaxFieldChars) throw new CsvDataException(line, column, $"a field is longer than {MaxFieldChars:N0} characters, the limit (an unclosed quote?)");
        _field.Append(ch);
    }

    private void NewLine()
    {
        _line++;
        _column = 0;
    }

    private int Next()
    {
        if (_position == _length && !Fill()) return -1;
        _column++;
        return _buffer[_position++];
    }

    private int Peek() => _position == _length && !Fill() ? -1 : _buffer[_position];

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();

    public void Dispose() => _reader.Dispose();
}
