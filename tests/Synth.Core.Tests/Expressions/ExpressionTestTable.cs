using Synth.Core.Data;
using Synth.Core.Expressions;

namespace Synth.Core.Tests.Expressions;

/// <summary>A hand-built table with one column of every type, and helpers to evaluate over it.</summary>
internal static class ExpressionTestTable
{
    public static readonly string[] Statuses = ["active", "closed", "pending"];

    public static readonly string[] Regions = ["north", "south", "active"];

    public static TableLayout Layout { get; } = new(
    [
        new ColumnInfo("age", ColumnType.Int64, nullable: true),
        new ColumnInfo("income", ColumnType.Float64, nullable: true),
        new ColumnInfo("vip", ColumnType.Boolean, nullable: true),
        new ColumnInfo("status", ColumnType.Category, nullable: true, categories: Statuses),
        new ColumnInfo("region", ColumnType.Category, nullable: false, categories: Regions),
        new ColumnInfo("signup", ColumnType.Timestamp, nullable: false),
        new ColumnInfo("birthday", ColumnType.Date, nullable: false),
        new ColumnInfo("name", ColumnType.String, nullable: false),
        new ColumnInfo("id", ColumnType.Uuid, nullable: false),
    ]);

    /// <summary>Builds a batch; a null in a row makes that cell null.</summary>
    public static RowBatch Batch(params TestRow[] rows) => Batch(rows, capacity: Math.Max(rows.Length, 1));

    public static RowBatch Batch(TestRow[] rows, int capacity, long firstRow = 0)
    {
        var batch = new RowBatch(Layout, capacity) { Count = rows.Length, FirstRow = firstRow };
        var age = (Int64Vector)batch.Columns[0];
        var income = (Float64Vector)batch.Columns[1];
        var vip = (BooleanVector)batch.Columns[2];
        var status = (CategoryVector)batch.Columns[3];
        var region = (CategoryVector)batch.Columns[4];
        var signup = (TimestampVector)batch.Columns[5];
        var birthday = (DateVector)batch.Columns[6];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            Set(age, i, row.Age, v => age.Values[i] = v);
            Set(income, i, row.Income, v => income.Values[i] = v);
            Set(vip, i, row.Vip, v => vip.Values[i] = v);
            Set(status, i, row.Status, v => status.Codes[i] = Array.IndexOf(Statuses, v));
            region.Codes[i] = Array.IndexOf(Regions, row.Region);
            signup.Micros[i] = row.SignupMicros;
            birthday.Days[i] = row.BirthdayDays;
        }
        return batch;
    }

    /// <summary>Compiles against <see cref="Layout"/> and evaluates over <paramref name="batch"/>; null rows give null.</summary>
    public static double?[] Evaluate(string text, RowBatch batch) => Evaluate(ExpressionCompiler.Compile(text, batch.Layout), batch);

    public static double?[] Evaluate(CompiledExpression expression, RowBatch batch)
    {
        var values = new double[batch.Count];
        var nulls = new bool[batch.Count];
        expression.CreateEvaluator(batch.Capacity).Evaluate(batch, values, nulls);
        var result = new double?[batch.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = nulls[i] ? null : values[i];
        }
        return result;
    }

    /// <summary>Evaluates over one row (by default a row with no nulls).</summary>
    public static double? Evaluate(string text, TestRow? row = null) => Evaluate(text, Batch(row ?? new TestRow()))[0];

    public static CompiledExpression Compile(string text) => ExpressionCompiler.Compile(text, Layout);

    private static void Set<T>(ColumnVector column, int row, T? value, Action<T> write)
        where T : struct
    {
        if (value is { } v)
        {
            write(v);
        }
        else
        {
            column.Nulls[row] = true;
            column.HasNulls = true;
        }
    }

    private static void Set(ColumnVector column, int row, string? value, Action<string> write)
    {
        if (value is not null)
        {
            write(value);
        }
        else
        {
            column.Nulls[row] = true;
            column.HasNulls = true;
        }
    }
}
