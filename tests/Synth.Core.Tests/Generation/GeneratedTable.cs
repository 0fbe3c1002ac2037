using System.Text;
using Synth.Core.Data;
using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Generation;

/// <summary>Generates a schema into plain .NET values per column, for assertions.</summary>
internal sealed class GeneratedTable
{
    private readonly Dictionary<string, List<object?>> _columns;

    private GeneratedTable(Dictionary<string, List<object?>> columns) => _columns = columns;

    public static GeneratedTable Generate(string schemaText, long rows, ulong seed = 42, long firstRow = 0, int batchSize = 1000) =>
        Generate(CompiledSchema.Compile(SchemaReader.Read(schemaText), seed, firstRow + rows), firstRow, rows, batchSize);

    /// <summary>Rows <paramref name="firstRow"/> onwards of a compiled table (its output columns only).</summary>
    public static GeneratedTable Generate(CompiledSchema compiled, long firstRow, long rows, int batchSize)
    {
        var filler = compiled.CreateFiller(batchSize);
        var batch = compiled.CreateBatch(batchSize);
        var columns = compiled.Layout.Columns.ToDictionary(c => c.Name, _ => new List<object?>(), StringComparer.Ordinal);
        for (var row = firstRow; row < firstRow + rows; row += batchSize)
        {
            var count = (int)Math.Min(batchSize, firstRow + rows - row);
            filler.Fill(batch, row, count);
            foreach (var vector in batch.Columns.Take(compiled.Layout.Columns.Count))
            {
                var list = columns[vector.Info.Name];
                for (var i = 0; i < count; i++) list.Add(vector.IsNull(i) ? null : ValueOf(vector, i));
            }
        }
        return new GeneratedTable(columns);
    }

    public IReadOnlyList<object?> this[string column] => _columns[column];

    public IReadOnlyList<double> Numbers(string column) => _columns[column].Where(v => v is not null).Select(Convert.ToDouble).ToList();

    public IReadOnlyList<string> Strings(string column) => _columns[column].Where(v => v is not null).Select(v => v!.ToString()!).ToList();

    private static object ValueOf(ColumnVector vector, int i) => vector switch
    {
        Int64Vector v => v.Values[i],
        Float64Vector v => v.Values[i],
        BooleanVector v => v.Values[i],
        TimestampVector v => DateTime.UnixEpoch.AddTicks(v.Micros[i] * 10),
        DateVector v => DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(v.Days[i])),
        UuidVector v => v.Values[i],
        StringVector v => Encoding.UTF8.GetString(v[i]),
        CategoryVector v => v.Info.Categories[v.Codes[i]],
        _ => throw new NotSupportedException(vector.GetType().Name),
    };
}
