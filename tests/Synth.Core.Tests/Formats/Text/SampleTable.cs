using System.Globalization;
using System.Text;
using Synth.Core.Data;

namespace Synth.Core.Tests.Formats.Text;

/// <summary>
/// A table with every column type, nulls in every nullable column, and the strings that break
/// naive writers: delimiters, quotes, line breaks, tabs, backslashes, markup, non-ASCII text.
/// </summary>
internal static class SampleTable
{
    public static readonly string[] TrickyStrings =
    [
        "plain",
        "",
        "Zoë 北京",
        "say \"hi\"",
        "a,b,c",
        "line1\nline2",
        "crlf\r\nend",
        "tab\there",
        "O'Brien",
        "back\\slash",
        "ends with backslash\\",
        "<&> \"'",
        "emoji 😀 ok",
        "  padded  ",
        "\\'",
        "'); DROP TABLE data; --",
        "\"",
    ];

    public static readonly string[] StatusLabels = ["active", "on hold, \"maybe\"", "北京 <&> it's"];

    public static readonly double[] Amounts = [0, 12.5, -0.75, 1234567.89, 0.01, -99999.99, 1000000000000.25];

    public static readonly double[] Scores = [0.1 + 0.2, -3.14159, 1e-7, 1.5e300, -0.0, 123456789012345680, 2.2250738585072014E-308, 42];

    public static readonly DateTime[] Instants =
    [
        new(1970, 1, 1, 0, 0, 0),
        new DateTime(1970, 1, 1).AddTicks(-10), // one microsecond before the epoch
        new DateTime(2000, 2, 29, 12, 34, 56).AddMilliseconds(500),
        new(2024, 12, 31, 23, 59, 59),
        new DateTime(1900, 3, 1).AddTicks(10),
        new DateTime(2038, 1, 19, 3, 14, 8).AddTicks(1_234_560),
    ];

    public static readonly DateOnly[] Days =
        [new(1970, 1, 1), new(1969, 12, 31), new(2000, 2, 29), new(1900, 2, 28), new(2024, 12, 31), new(1000, 1, 1)];

    public static TableLayout Layout { get; } = new(
    [
        new ColumnInfo("id", ColumnType.Int64, nullable: false),
        new ColumnInfo("amount", ColumnType.Float64, nullable: true, decimals: 2),
        new ColumnInfo("score", ColumnType.Float64, nullable: true),
        new ColumnInfo("flag", ColumnType.Boolean, nullable: true),
        new ColumnInfo("created_at", ColumnType.Timestamp, nullable: true),
        new ColumnInfo("day", ColumnType.Date, nullable: true),
        new ColumnInfo("uid", ColumnType.Uuid, nullable: true),
        new ColumnInfo("note", ColumnType.String, nullable: true),
        new ColumnInfo("status", ColumnType.Category, nullable: true, categories: StatusLabels),
    ]);

    /// <summary>Deterministic rows; every tricky string appears non-null, every column has nulls.</summary>
    public static SampleRow[] Rows(int count = 70)
    {
        var rows = new SampleRow[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = new SampleRow(
                Id: i + 1,
                Amount: i % 5 == 1 ? null : Amounts[i % Amounts.Length],
                Score: i % 6 == 2 ? null : Scores[i % Scores.Length],
                Flag: i % 7 == 3 ? null : i % 2 == 0,
                CreatedAt: i % 8 == 4 ? null : Instants[i % Instants.Length],
                Day: i % 9 == 5 ? null : Days[i % Days.Length],
                Uid: i % 10 == 6 ? null : Uuid(i),
                Note: i % 4 == 3 ? null : TrickyStrings[i % TrickyStrings.Length],
                Status: i % 11 == 7 ? null : StatusLabels[i % StatusLabels.Length]);
        }
        return rows;
    }

    public static Guid Uuid(int i)
    {
        var bytes = new byte[16];
        for (var b = 0; b < 16; b++)
        {
            bytes[b] = (byte)(i * 37 + b * 11);
        }
        return new Guid(bytes);
    }

    public static long ToMicros(DateTime instant) => (instant.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static int ToDays(DateOnly day) => day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Accepts ISO-8601 ('T') and SQL (' ') separators, with or without microseconds.</summary>
    public static DateTime ParseInstant(string text) => DateTime.ParseExact(
        text,
        ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.ffffff"],
        CultureInfo.InvariantCulture,
        DateTimeStyles.None);

    public static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Fills a batch (global rows <paramref name="first"/> onwards) the way a generator would.</summary>
    public static RowBatch Batch(IReadOnlyList<SampleRow> rows, int first, int count, int? capacity = null)
    {
        var batch = new RowBatch(Layout, capacity ?? Math.Max(count, 1));
        Fill(batch, rows, first, count);
        return batch;
    }

    public static void Fill(RowBatch batch, IReadOnlyList<SampleRow> rows, int first, int count)
    {
        var c = batch.Columns;
        var id = (Int64Vector)c[0];
        var amount = (Float64Vector)c[1];
        var score = (Float64Vector)c[2];
        var flag = (BooleanVector)c[3];
        var created = (TimestampVector)c[4];
        var day = (DateVector)c[5];
        var uid = (UuidVector)c[6];
        var note = (StringVector)c[7];
        var status = (CategoryVector)c[8];
        foreach (var column in c)
        {
            column.HasNulls = false;
        }
        note.Clear();

        for (var r = 0; r < count; r++)
        {
            var row = rows[first + r];
            id.Values[r] = row.Id;
            amount.Values[r] = row.Amount ?? 0;
            SetNull(amount, r, row.Amount is null);
            score.Values[r] = row.Score ?? 0;
            SetNull(score, r, row.Score is null);
            flag.Values[r] = row.Flag ?? false;
            SetNull(flag, r, row.Flag is null);
            created.Micros[r] = row.CreatedAt is { } instant ? ToMicros(instant) : 0;
            SetNull(created, r, row.CreatedAt is null);
            day.Days[r] = row.Day is { } d ? ToDays(d) : 0;
            SetNull(day, r, row.Day is null);
            uid.Values[r] = row.Uid ?? Guid.Empty;
            SetNull(uid, r, row.Uid is null);
            note.Append(Encoding.UTF8.GetBytes(row.Note ?? ""));
            SetNull(note, r, row.Note is null);
            status.Codes[r] = row.Status is null ? 0 : Array.IndexOf(StatusLabels, row.Status);
            SetNull(status, r, row.Status is null);
        }
        batch.FirstRow = first;
        batch.Count = count;
    }

    private static void SetNull(ColumnVector vector, int row, bool isNull)
    {
        vector.Nulls[row] = isNull;
        vector.HasNulls |= isNull;
    }
}
