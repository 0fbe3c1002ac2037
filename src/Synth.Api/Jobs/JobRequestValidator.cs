using System.Text.RegularExpressions;
using Synth.Api.Formats;
using Synth.Api.Problems;
using Synth.Api.Schemas;

namespace Synth.Api.Jobs;

/// <summary>Checks the fields of a <see cref="SubmitJobRequest"/> (not yet the schema itself) and normalises them.</summary>
internal static partial class JobRequestValidator
{
    public const long DefaultRows = 1000;
    private const int MaxNameLength = 200;

    /// <summary>The checked request, or null with every bad field in <paramref name="errors"/>.</summary>
    public static CheckedJobRequest? Check(SubmitJobRequest request, SynthApiOptions options, ValidationErrors errors)
    {
        var schema = SchemaSource.Check(request.Schema, request.SchemaText, request.SchemaId, errors);
        var rows = request.Rows ?? DefaultRows;
        if (rows < 1) errors.Add("rows", "must be at least 1");
        var output = OutputChoice.Check(request.Format, request.Compression, request.TableName, request.SqlDialect, errors);

        var tags = new List<string>();
        foreach (var tag in request.RequiredTags ?? [])
        {
            if (tag is null || !Tag().IsMatch(tag)) errors.Add("requiredTags", $"'{tag}' is not a silo tag (1 to 64 letters, digits, '-', '_' or '.')");
            else if (!tags.Contains(tag, StringComparer.Ordinal)) tags.Add(tag);
        }

        var parts = request.Parts ?? 1;
        if (parts < 1 || parts > options.MaxParts) errors.Add("parts", $"must be between 1 and {options.MaxParts}");

        else if (output is not null && rows >= 1)
        {
            // Part files are cut on the format's blocks, so each needs one of its own.
            var rowsPerBlock = output.CreateFormat().RowsPerBlock;
            var blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
            if (parts > blocks) errors.Add("parts", $"{parts} parts need at least {parts} blocks of {rowsPerBlock:N0} rows ({output.Format}); {rows:N0} rows make {blocks}");
        }

        if (request.ShardRows is < 1) errors.Add("shardRows", "must be at least 1, or null for the default");
        if (request.Name is { Length: > MaxNameLength }) errors.Add("name", $"is longer than {MaxNameLength} characters");

        if (errors.Any) return null;
        return new CheckedJobRequest(schema!, rows, output!, request.Seed ?? options.DefaultSeed, tags, parts, request.ShardRows, request.Name);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Tag();
}

/// <summary>A job request whose fields are valid; its schema is checked next (422 when unusable).</summary>
internal sealed record CheckedJobRequest(
    SchemaSource Schema, long Rows, OutputChoice Output, ulong Seed, IReadOnlyList<string> RequiredTags, int Parts, long? ShardRows, string? Name);
