using System.Globalization;
using System.Text;
using System.Text.Json;
using Synth.Core.Data;

namespace Synth.Core.Tests.Formats.Parquet;

/// <summary>
/// The source of truth for one test column: every row's value kept in a plain array, so a
/// batch can be cut from any row range and every value read back can be checked against it.
/// Values are compared in a canonical text form that tests/node/read-parquet.mjs also emits.
/// </summary>
internal sealed class ParquetTestColumn
{
    private readonly bool[]? _nulls;
    private readonly long[]? _longs;
    private readonly double[]? _doubles;
    private readonly bool[]? _bools;
    private readonly int[]? _ints;
    private readonly Guid[]? _guids;
    private readonly string[]? _strings;

    private ParquetTestColumn(ColumnInfo info, bool[]? nulls, long[]? longs = null, double[]? doubles = null,
        bool[]? bools = null, int[]? ints = null, Guid[]? guids = null, string[]? strings = null)
    {
        Info = info;
        _nulls = nulls;
        _longs = longs;
        _doubles = doubles;
        _bools = bools;
        _ints = ints;
        _guids = guids;
        _strings = strings;
    }

    public ColumnInfo Info { get; }

    public static ParquetTestColumn Int64(string name, bool[]? nulls, long[] values) =>
        new(new ColumnInfo(name, ColumnType.Int64, nulls is not null), nulls, longs: values);

    public static ParquetTestColumn Timestamp(string name, bool[]? nulls, long[] micros) =>
        new(new ColumnInfo(name, ColumnType.Timestamp, nulls is not null), nulls, longs: micros);

    public static ParquetTestColumn Float64(string name, bool[]? nulls, double[] values) =>
        new(new ColumnInfo(name, ColumnType.Float64, nulls is not null), nulls, doubles: values);

    public static ParquetTestColumn Boolean(string name, bool[]? nulls, bool[] values) =>
        new(new ColumnInfo(name, ColumnType.Boolean, nulls is not null), nulls, bools: values);

    public static ParquetTestColumn Date(string name, bool[]? nulls, int[] days) =>
        new(new ColumnInfo(name, ColumnType.Date, nulls is not null), nulls, ints: days);

    public static ParquetTestColumn Uuid(string name, bool[]? nulls, Guid[] values) =>
        new(new ColumnInfo(name, ColumnType.Uuid, nulls is not null), nulls, guids: values);

    public static ParquetTestColumn String(string name, bool[]? nulls, string[] values) =>
        new(new ColumnInfo(name, ColumnType.String, nulls is not null), nulls, strings: values);

    public static ParquetTestColumn Category(string name, bool[]? nulls, string[] labels, int[] codes) =>
        new(new ColumnInfo(name, ColumnType.Category, nulls is not null, categories: labels), nulls, ints: codes);

    public bool IsNull(long row) => _nulls is not null && _nulls[row];

    /// <summary>Copies rows <paramref name="first"/> .. first+count-1 into a batch column.</summary>
    public void Fill(ColumnVector vector, long first, int count)
    {
        vector.HasNulls = false;
        for (var i = 0; i < count; i++)
        {
            var isNull = IsNull(first + i);
            vector.Nulls[i] = isNull;
            vector.HasNulls |= isNull;
        }

        switch (vector)
        {
            case Int64Vector v:
                Array.Copy(_longs!, first, v.Values, 0, count);
                break;
            case TimestampVector v:
                Array.Copy(_longs!, first, v.Micros, 0, count);
                break;
            case Float64Vector v:
                Array.Copy(_doubles!, first, v.Values, 0, count);
                break;
            case BooleanVector v:
                Array.Copy(_bools!, first, v.Values, 0, count);
                break;
            case DateVector v:
                Array.Copy(_ints!, first, v.Days, 0, count);
                break;
            case CategoryVector v:
                Array.Copy(_ints!, first, v.Codes, 0, count);
                break;
            case UuidVector v:
                Array.Copy(_guids!, first, v.Values, 0, count);
                break;
            case StringVector v:
                v.Clear();
                for (var i = 0; i < count; i++)
                {
                    // Null rows still take a slot (empty), as generators append one per row.
                    v.Append(IsNull(first + i) ? [] : Encoding.UTF8.GetBytes(_strings![first + i]));
                }
                break;
            default:
                throw new NotSupportedException(vector.GetType().Name);
        }
    }

    /// <summary>The canonical text of a row's value, or null for a null.</summary>
    public string? Expected(long row)
    {
        if (IsNull(row))
        {
            return null;
        }
        return Info.Type switch
        {
            ColumnType.Int64 or ColumnType.Timestamp => _longs![row].ToString(CultureInfo.InvariantCulture),
            ColumnType.Float64 => CanonicalDouble(_doubles![row]),
            ColumnType.Boolean => _bools![row] ? "true" : "false",
            ColumnType.Date => FormatDate(_ints![row]),
            ColumnType.Uuid => _guids![row].ToString("D"),
            ColumnType.String => _strings![row],
            ColumnType.Category => Info.Categories[_ints![row]],
            _ => throw new NotSupportedException(Info.Type.ToString()),
        };
    }

    /// <summary>The canonical text of a value as the Node reader printed it.</summary>
    public static string? Actual(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => CanonicalDouble(element.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };

    public static string FormatDate(int days) =>
        DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Canonical(double value) => CanonicalDouble(value);

    private static string CanonicalDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsPositiveInfinity(value))
        {
            return "Infinity";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Infinity";
        }
        if (value == 0 && double.IsNegative(value))
        {
            return "-0";
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
