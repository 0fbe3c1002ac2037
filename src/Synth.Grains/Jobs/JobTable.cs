using Synth.Core.Formats;
using Synth.Core.Generation;

namespace Synth.Grains.Jobs;

/// <summary>One table a generation job writes: the job's single table, or one of a multi-table schema's (in dependency order).</summary>
/// <param name="Name">The table's name; null for a single-table schema.</param>
/// <param name="Format">The output format for this table (SQL: its CREATE TABLE and INSERTs name it).</param>
internal sealed record JobTable(string? Name, CompiledSchema Schema, OutputFormat Format, long Rows);
