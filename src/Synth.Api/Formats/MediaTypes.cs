namespace Synth.Api.Formats;

/// <summary>The media type of each output format (the same as job downloads carry).</summary>
internal static class MediaTypes
{
    public static string Of(string format) => format switch
    {
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonl" => "application/x-ndjson; charset=utf-8",
        "sql" => "application/sql; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    };
}
