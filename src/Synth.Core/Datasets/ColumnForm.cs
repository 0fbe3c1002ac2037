namespace Synth.Core.Datasets;

/// <summary>
/// How a column's values are written, so that sampled rows look like the source's: part of the
/// domain the owner confirms (and edits), hence public. Each member applies to one kind of column;
/// null means the default form (shortest round-trip numbers, ISO 8601 UTC datetimes, identifiers as
/// row numbers).
/// </summary>
public sealed record ColumnForm
{
    /// <summary>Continuous: digits after the decimal point; values are rounded to them and written with exactly that many.</summary>
    public int? Decimals { get; init; }

    /// <summary>
    /// Datetime: a .NET custom date and time format ("yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'",
    /// "yyyy-MM-dd HH:mm:sszzz" …) that values are read with and written in.
    /// </summary>
    public string? Format { get; init; }

    /// <summary>Datetime, with an offset in <see cref="Format"/> (<c>zzz</c>, <c>zz</c>, <c>z</c>): the UTC offset values are written at, "+02:00".</summary>
    public string? Offset { get; init; }

    /// <summary>
    /// Identifier: the shape new identifiers take (see <see cref="IdentifierPattern"/>): <c>#</c> a digit,
    /// <c>N</c> a digit 1-9, <c>A</c> an upper-case letter, <c>a</c> a lower-case one, <c>X</c> upper-case
    /// or digit, <c>x</c> lower-case or digit, <c>*</c> any letter or digit, <c>\</c> makes the next
    /// character literal, every other character is itself. "C#########" gives C030000000-like ids.
    /// </summary>
    public string? Pattern { get; init; }
}
