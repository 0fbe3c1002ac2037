using Synth.Core.Data;
using Synth.Core.Expressions;
using Synth.Core.Generation.Fields;
using Synth.Core.Schema;

namespace Synth.Core.Generation;

/// <summary>
/// A schema ready to generate: immutable, shared by all threads. Row i of the output is a pure
/// function of (schema, seed, i), so any range of rows can be produced anywhere, in any order.
/// </summary>
public sealed class CompiledSchema
{
    private readonly FieldGenerator[] _generators; // dependency order
    private readonly int[] _columnOf;               // generator → column in the layout
    private readonly CopulaGroup[] _copulas;

    private CompiledSchema(TableLayout layout, TableLayout workingLayout, FieldGenerator[] generators, int[] columnOf, CopulaGroup[] copulas)
    {
        Layout = layout;
        WorkingLayout = workingLayout;
        _generators = generators;
        _columnOf = columnOf;
        _copulas = copulas;
    }

    /// <summary>The columns written out, in declaration order.</summary>
    public TableLayout Layout { get; }

    /// <summary>
    /// The columns of a batch: <see cref="Layout"/>'s, then hidden ones that only feed other fields
    /// (a parent's values, <c>child</c>). Writers see the first <see cref="Layout"/>.Columns.Count.
    /// </summary>
    public TableLayout WorkingLayout { get; }

    /// <summary>
    /// Compiles a schema for a seed. <paramref name="totalRows"/>, when given, lets unique fields
    /// check their domain up front (a clear error rather than repeats).
    /// </summary>
    public static CompiledSchema Compile(SchemaDefinition schema, ulong seed, long? totalRows = null) =>
        Compile(schema, seed, totalRows, relations: null, table: null);

    /// <summary>Compiles one table; with <paramref name="relations"/>, its ref fields resolve against the other tables.</summary>
    internal static CompiledSchema Compile(SchemaDefinition schema, ulong seed, long? totalRows, Relations.TableRelations? relations, TableSpec? table)
    {
        var errors = new List<SchemaError>();
        var context = new GenerationContext(schema, seed, totalRows, errors, relations, table?.Name);
        var generators = new List<FieldGenerator>();
        var hidden = new List<ColumnInfo>();
        // Refs first: they depend on nothing in the table and fill the hidden columns other fields read.
        var references = relations is null ? new HashSet<string>() : References(schema);
        foreach (var spec in schema.Fields.Where(f => f.Type == FieldType.Ref))
        {
            var generator = new RefGenerator(spec, context, references);
            generators.Add(generator);
            context.Columns[spec.Name] = generator.Column;
            context.Generators[spec.Name] = generator;
            foreach (var column in generator.HiddenColumns)
            {
                hidden.Add(column);
                context.Columns[column.Name] = column;
            }
        }
        foreach (var spec in DependencyOrder.Sort(schema.Fields))
        {
            if (spec.Type == FieldType.Ref) continue;
            FieldGenerator generator;
            try
            {
                generator = Create(spec, context);
            }
            catch (ExpressionException e)
            {
                errors.Add(new SchemaError($"{spec.Path}.expression", e.Message));
                continue;
            }
            generators.Add(generator);
            context.Columns[spec.Name] = generator.Column;
            context.Generators[spec.Name] = generator;
        }
        if (errors.Count > 0) throw new SchemaException(errors);

        var columns = schema.Fields.Select(f => context.Columns[f.Name]).ToArray();
        var layout = new TableLayout(columns);
        context.Layout = hidden.Count == 0 ? layout : new TableLayout([.. columns, .. hidden]);
        foreach (var g in generators) g.Bind(context);
        var columnOf = generators.Select(g => context.IndexOf(g.Spec.Name)).ToArray();
        var copulas = schema.Correlations
            .Select(c => new CopulaGroup(c, c.Fields.Select(f => (NumericGenerator)context.Generators[f]).ToArray(), seed))
            .ToArray();
        return new CompiledSchema(layout, context.Layout, [.. generators], columnOf, copulas);
    }

    /// <summary>Every name the table's expressions and <c>when</c> read (own fields, parents' "t.f", "child").</summary>
    private static HashSet<string> References(SchemaDefinition schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in schema.Fields)
        {
            if (f.When is { } when) names.Add(when.Field);
            if (f.Expression is null) continue;
            try
            {
                names.UnionWith(ExpressionParser.Parse(f.Expression).CollectReferences());
            }
            catch (ExpressionException)
            {
                // Reported when the field is compiled.
            }
        }
        return names;
    }

    private static FieldGenerator Create(FieldSpec spec, GenerationContext context)
    {
        if (spec.Expression is not null) return new ExpressionGenerator(spec, context);
        return spec.Type switch
        {
            FieldType.Int or FieldType.Float => new NumericGenerator(spec, context),
            FieldType.Bool => new BoolGenerator(spec, context),
            FieldType.Category => new CategoryGenerator(spec, context),
            FieldType.Datetime or FieldType.Date => new DatetimeGenerator(spec, context),
            FieldType.Uuid => new UuidGenerator(spec, context),
            FieldType.String => new TemplateStringGenerator(spec, context),
            FieldType.Name or FieldType.FirstName or FieldType.LastName => new PersonNameGenerator(spec, context),
            FieldType.Email => new EmailGenerator(spec, context),
            FieldType.City or FieldType.Country or FieldType.Company => new LocaleListGenerator(spec, context),
            FieldType.Phone or FieldType.Postcode => new LocaleFormatGenerator(spec, context),
            FieldType.Street => new StreetGenerator(spec, context),
            FieldType.Ip => new IpGenerator(spec, context),
            FieldType.Url => new UrlGenerator(spec, context),
            FieldType.Text => new TextGenerator(spec, context),
            FieldType.Ref => throw new InvalidOperationException("ref fields are compiled first"),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, null),
        };
    }

    /// <summary>A filler for one worker thread, with its own scratch buffers, for batches of up to <paramref name="capacity"/> rows.</summary>
    public BatchFiller CreateFiller(int capacity) => new(this, capacity);

    public RowBatch CreateBatch(int capacity) => new(WorkingLayout, capacity);

    /// <summary>Fills <paramref name="batch"/> with rows <c>firstRow .. firstRow + count - 1</c>.</summary>
    public sealed class BatchFiller
    {
        private readonly CompiledSchema _schema;
        private readonly object?[] _scratch;
        private readonly double[][][] _copulaBuffers;

        internal BatchFiller(CompiledSchema schema, int capacity)
        {
            _schema = schema;
            Capacity = capacity;
            _scratch = schema._generators.Select(g => g.CreateScratch(capacity)).ToArray();
            _copulaBuffers = schema._copulas
                .Select(c => c.Members.Select(m => (double[])_scratch[Array.IndexOf(schema._generators, m)]!).ToArray())
                .ToArray();
        }

        public int Capacity { get; }

        public void Fill(RowBatch batch, long firstRow, int count)
        {
            if (count > Capacity || count > batch.Capacity) throw new ArgumentOutOfRangeException(nameof(count));
            batch.FirstRow = firstRow;
            batch.Count = count;
            for (var c = 0; c < _schema._copulas.Length; c++) _schema._copulas[c].Fill(firstRow, count, _copulaBuffers[c]);
            var generators = _schema._generators;
            for (var g = 0; g < generators.Length; g++)
            {
                generators[g].Fill(batch, batch.Columns[_schema._columnOf[g]], _scratch[g]);
            }
        }
    }
}
