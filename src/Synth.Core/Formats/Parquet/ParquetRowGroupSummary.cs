namespace Synth.Core.Formats.Parquet;

/// <summary>The summary a Parquet block encoder hands the footer: one row group's chunks, in schema order.</summary>
internal sealed record ParquetRowGroupSummary(int NumRows, IReadOnlyList<ParquetColumnChunkSummary> Columns);
