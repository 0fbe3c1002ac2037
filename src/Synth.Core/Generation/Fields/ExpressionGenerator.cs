using Synth.Core.Data;
using Synth.Core.Expressions;
using Synth.Core.Expressions.Integers;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// A derived field: its expression is evaluated over the batch's already generated columns and
/// the numbers converted to the declared type (datetime from Unix seconds, date from days).
/// </summary>
internal sealed class ExpressionGenerator : FieldGenerator
{
    private const long MicrosPerSecond = 1_000_000;

    private CompiledExpression _compiled;
    private IntegerExpression? _exact; // int fields within the integer subset: computed in 64 bits, not doubles

    public ExpressionGenerator(FieldSpec spec, GenerationContext context) : base(spec, context)
    {
        // Compile against the columns known so far (every referenced field precedes this one) to learn the result type.
        var partial = new TableLayout(context.Columns.Values.ToArray());
        _compiled = ExpressionCompiler.Compile(spec.Expression!, partial);
        var expected = spec.Type switch
        {
            FieldType.Bool => ExprType.Boolean,
            FieldType.Category => ExprType.String,
            _ => ExprType.Number,
        };
        if (_compiled.ResultType != expected)
        {
            throw new ExpressionException(1, $"the expression gives a {_compiled.ResultType.ToString().ToLowerInvariant()} but the field is of type {FieldTypeNames.ToName(spec.Type)}");
        }
        var type = spec.Type switch
        {
            FieldType.Int => ColumnType.Int64,
            FieldType.Float => ColumnType.Float64,
            FieldType.Bool => ColumnType.Boolean,
            FieldType.Category => ColumnType.Category,
            FieldType.Datetime => ColumnType.Timestamp,
            _ => ColumnType.Date,
        };
        // Nulls can come from referenced nullable fields or from division by zero, so derived columns are always nullable.
        Column = new ColumnInfo(spec.Name, type, nullable: true, spec.Decimals, _compiled.StringResults);
    }

    public override ColumnInfo Column { get; }

    public override void Bind(GenerationContext context)
    {
        _compiled = ExpressionCompiler.Compile(Spec.Expression!, context.Layout);
        if (Spec.Type == FieldType.Int) _exact = IntegerExpression.TryCompile(_compiled.Syntax, context.Layout);
    }

    public override object? CreateScratch(int capacity) => _exact is not null
        ? _exact.CreateScratch(capacity)
        : (_compiled.CreateEvaluator(capacity), new double[capacity], new bool[capacity]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        if (_exact is not null)
        {
            FillExact(batch, (Int64Vector)vector, (IntegerScratch)scratch!);
            return;
        }
        var (evaluator, values, nulls) = ((ExpressionEvaluator, double[], bool[]))scratch!;
        evaluator.Evaluate(batch, values, nulls);
        var count = batch.Count;
        switch (vector)
        {
            case Int64Vector v:
                for (var i = 0; i < count; i++) v.Values[i] = (long)Math.Round(Clip(values[i]), MidpointRounding.AwayFromZero);
                break;
            case Float64Vector v:
                for (var i = 0; i < count; i++) v.Values[i] = Spec.Decimals >= 0 ? Math.Round(Clip(values[i]), Spec.Decimals, MidpointRounding.AwayFromZero) : Clip(values[i]);
                break;
            case BooleanVector v:
                for (var i = 0; i < count; i++) v.Values[i] = values[i] != 0;
                break;
            case CategoryVector v:
                for (var i = 0; i < count; i++) v.Codes[i] = (int)values[i];
                break;
            case TimestampVector v:
                for (var i = 0; i < count; i++) v.Micros[i] = (long)Math.Round(values[i] * MicrosPerSecond);
                break;
            case DateVector v:
                for (var i = 0; i < count; i++) v.Days[i] = (int)Math.Floor(values[i]);
                break;
        }
        FillNulls(batch, vector, Spec.NullRate);
        var any = vector.HasNulls;
        for (var i = 0; i < count; i++)
        {
            if (nulls[i] || !double.IsFinite(values[i]))
            {
                if (!any) Array.Clear(vector.Nulls, 0, count);
                vector.Nulls[i] = true;
                any = true;
            }
        }
        vector.HasNulls = any;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillExact(RowBatch batch, Int64Vector vector, IntegerScratch scratch)
    {
        var count = batch.Count;
        var hasNulls = _exact!.Evaluate(batch, scratch, out var values, out var nulls);
        // min/max clip as the double path does (clip, then round half away from zero); bounds beyond 64 bits do not clip.
        var lo = Spec.Min is { } min && min > long.MinValue ? (long)Math.Round(min, MidpointRounding.AwayFromZero) : long.MinValue;
        var hi = Spec.Max is { } max && max < long.MaxValue ? (long)Math.Round(max, MidpointRounding.AwayFromZero) : long.MaxValue;
        var target = vector.Values;
        for (var i = 0; i < count; i++) target[i] = Math.Clamp(values[i], lo, hi);
        FillNulls(batch, vector, Spec.NullRate);
        if (!hasNulls) return;
        if (!vector.HasNulls) Array.Clear(vector.Nulls, 0, count);
        for (var i = 0; i < count; i++)
        {
            if (!nulls[i]) continue;
            vector.Nulls[i] = true;
            target[i] = Math.Clamp(0, lo, hi); // what the double path leaves in a null row
        }
        vector.HasNulls = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Clip(double x) => Math.Clamp(x, Spec.Min ?? double.NegativeInfinity, Spec.Max ?? double.PositiveInfinity);
}
