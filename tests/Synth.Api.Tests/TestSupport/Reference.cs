using Synth.Core.Formats;
using Synth.Core.Generation;
using Synth.Core.Output;
using Synth.Core.Schema;

namespace Synth.Api.Tests.TestSupport;

/// <summary>What <c>synth run</c> writes for the same inputs: <see cref="GenerationRunner.Run"/> on one thread.</summary>
public static class Reference
{
    public static byte[] Generate(string schemaText, long rows, string format = "csv", ulong seed = 42, bool gzip = false,
        string table = "data", SqlDialect dialect = SqlDialect.Postgres)
    {
        var compiled = CompiledSchema.Compile(SchemaReader.Read(schemaText), seed, rows);
        var output = OutputFormats.Create(format, new FormatOptions { TableName = table, SqlDialect = dialect, Gzip = gzip });
        using var buffer = new MemoryStream();
        GenerationRunner.Run(compiled, output, rows, buffer, new GenerationOptions { Threads = 1, Gzip = gzip && output.SupportsStreamGzip });
        return buffer.ToArray();
    }

    /// <summary>What <c>synth run</c> writes for a multi-table schema: the zip archive (<c>-o x.zip</c>) or, for SQL, the one script.</summary>
    public static byte[] GenerateDatabase(string schemaText, long rows, string format, ulong seed, bool gzip = false, SqlDialect dialect = SqlDialect.Postgres)
    {
        var database = CompiledDatabase.Compile(DatabaseSchemaReader.Read(schemaText), seed, rows);
        var formatOptions = new FormatOptions { SqlDialect = dialect, Gzip = gzip };
        var options = new GenerationOptions { Threads = 2, Gzip = gzip && OutputFormats.Create(format, formatOptions).SupportsStreamGzip };
        using var buffer = new MemoryStream();
        if (format == "sql") DatabaseRunner.WriteSqlScript(database, formatOptions, buffer, options);
        else DatabaseRunner.WriteZip(database, format, formatOptions, buffer, options);
        return buffer.ToArray();
    }
}
