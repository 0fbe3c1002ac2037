namespace Synth.Core.Formats.Text;

/// <summary>How a text format turns a raw UTF-8 string into bytes of its syntax.</summary>
internal enum TextEscaping
{
    /// <summary>RFC 4180: quoted when it holds a comma, quote, CR or LF (or is empty), quotes doubled.</summary>
    Csv,

    /// <summary>
    /// Tab-separated values have no quoting or escape syntax (IANA text/tab-separated-values), so a
    /// tab or line break inside a value would split the field or the row. They become spaces:
    /// lossy for those three characters, but every reader sees the right columns and rows.
    /// </summary>
    Tsv,

    /// <summary>JSON string in double quotes: quote, backslash and control characters escaped.</summary>
    Json,

    /// <summary>Standard SQL literal (PostgreSQL with standard_conforming_strings, SQLite): quote doubled.</summary>
    SqlStandard,

    /// <summary>MySQL literal: quote doubled, backslash doubled, NUL as \0 and Ctrl-Z as \Z (as mysqldump does).</summary>
    SqlMySql,

    /// <summary>XML character data: markup characters as entities, CR as &amp;#xD;, characters XML 1.0 forbids as U+FFFD.</summary>
    Xml,
}
