using Synth.Core.Generation;
using Synth.Core.Schema;

namespace Synth.Core.Tests.Generation.Relations;

/// <summary>Generates every table of a multi-table schema into plain .NET values per column, for assertions.</summary>
internal sealed class GeneratedDatabase
{
    private readonly Dictionary<string, GeneratedTable> _tables;

    private GeneratedDatabase(CompiledDatabase compiled, Dictionary<string, GeneratedTable> tables)
    {
        Compiled = compiled;
        _tables = tables;
    }

    public CompiledDatabase Compiled { get; }

    public GeneratedTable this[string table] => _tables[table];

    public static GeneratedDatabase Generate(string schemaText, long rows, ulong seed = 42, int batchSize = 1000)
    {
        var compiled = CompiledDatabase.Compile(DatabaseSchemaReader.Read(schemaText), seed, rows);
        var tables = compiled.Tables.ToDictionary(t => t.Name, t => GeneratedTable.Generate(t.Schema, 0, t.Rows, batchSize), StringComparer.Ordinal);
        return new GeneratedDatabase(compiled, tables);
    }
}
