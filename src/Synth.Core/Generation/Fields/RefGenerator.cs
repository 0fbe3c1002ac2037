using Synth.Core.Data;
using Synth.Core.Generation.Numeric;
using Synth.Core.Generation.Random;
using Synth.Core.Generation.Relations;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// A foreign key. Each row gets a parent index, a pure function of the row: with per_parent the
/// parent whose run of children holds the row (<see cref="ChildCounts"/>), otherwise a uniform
/// pick (a permutation when unique). The key and any parent values the table reads
/// (<c>customers.signed_up</c>) are then recomputed from a projection of the parent table, so no
/// parent row is ever stored. It also fills the hidden columns those values live in, and
/// <c>child</c>, the row's position among its parent's children.
/// </summary>
internal sealed class RefGenerator : FieldGenerator
{
    private const int ParentBatch = 1024;

    private readonly CompiledSchema _parent;
    private readonly long _parentRows;
    private readonly ChildCounts? _counts;
    private readonly Permutation? _unique;
    private readonly string _keyField;
    private readonly string[] _parentFields;      // parent fields copied into hidden columns
    private readonly bool _fillsChild;
    private int[] _hiddenColumns = [];            // batch columns of _parentFields
    private int[] _parentColumns = [];            // projection columns of _parentFields
    private int _keyColumn, _childColumn = -1;

    public RefGenerator(FieldSpec spec, GenerationContext context, IReadOnlySet<string> references) : base(spec, context)
    {
        var relations = context.Relations!;
        var target = spec.Ref!;
        _keyField = target.Field;
        _parentRows = relations.RowsOf(target.Table);
        var prefix = target.Table + ".";
        _parentFields = references.Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && context.Schema.Find(r) is null)
            .Select(r => r[prefix.Length..]).ToArray();
        _parent = relations.Projection(target.Table, [_keyField, .. _parentFields]);
        var key = Find(_parent.Layout, _keyField);
        Column = new ColumnInfo(spec.Name, key.Type, spec.NullRate > 0, key.Decimals, key.Categories);
        var hidden = new List<ColumnInfo>();
        foreach (var f in _parentFields)
        {
            var info = Find(_parent.Layout, f);
            hidden.Add(new ColumnInfo(prefix + f, info.Type, info.Nullable || spec.NullRate > 0, info.Decimals, info.Categories));
        }
        if (target.PerParent is not null)
        {
            _counts = relations.CountsOf(context.TableName!);
            _fillsChild = references.Contains(Schema.DatabaseSchemaReader.ChildName) && context.Schema.Find(Schema.DatabaseSchemaReader.ChildName) is null;
            if (_fillsChild) hidden.Add(new ColumnInfo(Schema.DatabaseSchemaReader.ChildName, ColumnType.Int64, nullable: false));
        }
        else
        {
            var rows = context.TotalRows ?? 0;
            if (rows > 0 && _parentRows == 0)
            {
                context.Errors.Add(new SchemaError(Spec.Path, $"{target.Table} has no rows, so {context.TableName}'s {rows:N0} rows cannot point at any"));
            }
            if (spec.Unique)
            {
                if (rows > _parentRows)
                {
                    context.Errors.Add(new SchemaError(JsonPath.Child(Spec.Path, "unique"),
                        $"one-to-one needs a parent per row: {context.TableName} has {rows:N0} rows but {target.Table} only {_parentRows:N0}"));
                }
                else if (_parentRows > 0)
                {
                    _unique = new Permutation((ulong)_parentRows, Key);
                }
            }
        }
        HiddenColumns = hidden;
    }

    public override ColumnInfo Column { get; }

    /// <summary>Columns this generator fills besides its own, for the table's expressions and <c>when</c>; never written out.</summary>
    public IReadOnlyList<ColumnInfo> HiddenColumns { get; }

    public override void Bind(GenerationContext context)
    {
        _hiddenColumns = _parentFields.Select(f => context.IndexOf(Spec.Ref!.Table + "." + f)).ToArray();
        _parentColumns = _parentFields.Select(f => IndexIn(_parent.Layout, f)).ToArray();
        _keyColumn = IndexIn(_parent.Layout, _keyField);
        if (_fillsChild) _childColumn = context.IndexOf(Schema.DatabaseSchemaReader.ChildName);
    }

    public override object? CreateScratch(int capacity) => new Scratch(capacity, _parent, (int)Math.Min(ParentBatch, Math.Max(1, _parentRows)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Fill(RowBatch batch, ColumnVector vector, object? scratch)
    {
        var s = (Scratch)scratch!;
        var count = batch.Count;
        if (count == 0) return;
        FindParents(batch, s);
        var columns = batch.Columns;
        Begin(vector);
        foreach (var c in _hiddenColumns) Begin(columns[c]);
        if (_counts is not null || _parentRows > ParentBatch) FillRuns(batch, vector, s);
        else FillFromWholeParent(batch, vector, s);
        if (_childColumn >= 0)
        {
            var child = (Int64Vector)columns[_childColumn];
            Array.Copy(s.Ordinals, child.Values, count);
            child.HasNulls = false;
        }
        if (Spec.NullRate > 0) ApplyNulls(batch, vector);
    }

    private static void Begin(ColumnVector vector)
    {
        vector.HasNulls = false;
        if (vector is StringVector strings) strings.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindParents(RowBatch batch, Scratch s)
    {
        var first = batch.FirstRow;
        var parents = s.Parents;
        if (_counts is not null)
        {
            var (parent, start) = _counts.Locate(first);
            var n = _counts.Count(parent);
            for (var i = 0; i < batch.Count; i++)
            {
                var row = first + i;
                while (row >= start + n)
                {
                    start += n;
                    parent++;
                    n = _counts.Count(parent);
                }
                parents[i] = parent;
                s.Ordinals[i] = row - start;
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var row = first + i;
            parents[i] = _unique is not null
                ? (long)_unique.Permute((ulong)row)
                : (long)Math.BigMul(CounterRng.At(Key, row), (ulong)_parentRows, out _);
        }
    }

    /// <summary>Parents in runs: fills the projection for a window of parents and copies from it, window by window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillRuns(RowBatch batch, ColumnVector vector, Scratch s)
    {
        var parents = s.Parents;
        var count = batch.Count;
        var window = s.ParentBatch.Capacity;
        var i = 0;
        while (i < count)
        {
            // Sorted parents (per_parent) fill a window from the first; random ones fill just the one row.
            var first = parents[i];
            var size = _counts is not null ? (int)Math.Min(window, parents[count - 1] - first + 1) : 1;
            s.ParentFiller.Fill(s.ParentBatch, first, size);
            var end = i;
            while (end < count && parents[end] >= first && parents[end] < first + size)
            {
                s.Rows[end - i] = (int)(parents[end] - first);
                end++;
            }
            Copy(batch, vector, s, s.Rows.AsSpan(0, end - i), i);
            i = end;
        }
    }

    /// <summary>A parent small enough for one window is filled once per thread and copied from for every batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillFromWholeParent(RowBatch batch, ColumnVector vector, Scratch s)
    {
        if (!s.WholeParentFilled)
        {
            s.ParentFiller.Fill(s.ParentBatch, 0, (int)_parentRows);
            s.WholeParentFilled = true;
        }
        var rows = s.Rows.AsSpan(0, batch.Count);
        for (var i = 0; i < rows.Length; i++) rows[i] = (int)s.Parents[i];
        Copy(batch, vector, s, rows, 0);
    }

    private void Copy(RowBatch batch, ColumnVector vector, Scratch s, ReadOnlySpan<int> rows, int from)
    {
        var parentColumns = s.ParentBatch.Columns;
        ColumnGather.Gather(parentColumns[_keyColumn], vector, rows, from);
        for (var c = 0; c < _hiddenColumns.Length; c++)
        {
            ColumnGather.Gather(parentColumns[_parentColumns[c]], batch.Columns[_hiddenColumns[c]], rows, from);
        }
    }

    /// <summary>A null key has no parent: its parent values are null too.</summary>
    private void ApplyNulls(RowBatch batch, ColumnVector vector)
    {
        FillNulls(batch, vector, Spec.NullRate);
        if (!vector.HasNulls) return;
        foreach (var c in _hiddenColumns)
        {
            var hidden = batch.Columns[c];
            if (!hidden.HasNulls) Array.Clear(hidden.Nulls, 0, batch.Count);
            for (var i = 0; i < batch.Count; i++) hidden.Nulls[i] |= vector.Nulls[i];
            hidden.HasNulls = true;
        }
    }

    private static ColumnInfo Find(TableLayout layout, string name) => layout.Columns[IndexIn(layout, name)];

    private static int IndexIn(TableLayout layout, string name)
    {
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            if (layout.Columns[i].Name == name) return i;
        }
        throw new InvalidOperationException($"the parent projection has no column '{name}'");
    }

    private sealed class Scratch(int capacity, CompiledSchema parent, int window)
    {
        public long[] Parents { get; } = new long[capacity];

        public long[] Ordinals { get; } = new long[capacity];

        public int[] Rows { get; } = new int[capacity];

        public RowBatch ParentBatch { get; } = parent.CreateBatch(window);

        public CompiledSchema.BatchFiller ParentFiller { get; } = parent.CreateFiller(window);

        public bool WholeParentFilled { get; set; }
    }
}
