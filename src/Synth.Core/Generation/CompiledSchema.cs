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

    private CompiledSchema(TableLayout layout, FieldGenerator[] generators, int[] columnOf, CopulaGroup[] copulas)
    {
        Layout = layout;
        _generators = generators;
        _columnOf = columnOf;
        _copulas = copulas;
    }

    public TableLayout Layout { get; }

    /// <summary>
    /// Compiles a schema for a seed. <paramref name="totalRows"/>, when given, lets unique fields
    /// check their domain up front (a clear error rather than repeats).
    /// </summary>
    public static CompiledSchema Compile(SchemaDefinition schema, ulong seed, long? totalRows = null)
    {
        var errors = new List<SchemaError>();
        var context = new GenerationContext(schema, seed, totalRows, errors);
        var generators = new List<FieldGenerator>();
        foreach (var spec in DependencyOrder.Sort(schema.Fields))
        {
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
        context.Layout = new TableLayout(columns);
        foreach (var g in generators) g.Bind(context);
        var columnOf = generators.Select(g => context.IndexOf(g.Spec.Name)).ToArray();
        var copulas = schema.Correlations
            .Select(c => new CopulaGroup(c, c.Fields.Select(f => (NumericGenerator)context.Generators[f]).ToArray(), seed))
            .ToArray();
        return new CompiledSchema(context.Layout, [.. generators], columnOf, copulas);
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
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, null),
        };
    }

    /// <summary>A filler for one worker thread, with its own scratch buffers, for batches of up to <paramref name="capacity"/> rows.</summary>
    public BatchFiller CreateFiller(int capacity) => new(this, capacity);

    public RowBatch CreateBatch(int capacity) => new(Layout, capacity);

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
