using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Synth.Core.Schema;

namespace Synth.Core.Datasets;

/// <summary>
/// The domain the owner confirms: per column, its kind and its public value space (categories, or
/// bounds and bins). Synthesizers see nothing else about the columns, so this is treated as
/// public and costs no privacy budget. Also read from Private-PGM's domain files
/// (<c>{"column": size}</c>, for integer-coded data: codes 0 .. size-1).
/// </summary>
public sealed record DomainSpec(IReadOnlyList<ColumnDomain> Columns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Set when the domain was derived privately and confirmed unchanged (or is that draft); null for a
    /// domain the owner wrote or took from the data's own values.
    /// </summary>
    public DomainDerivationInfo? Derivation { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The same columns without their forms: what a draft's kinds are worth as public input to a private derivation.</summary>
    public DomainSpec WithoutForms() => this with { Columns = [.. Columns.Select(c => c with { Form = null })] };

    /// <summary>Whether both list the same columns with the same value spaces (<see cref="Derivation"/> aside).</summary>
    public bool SameColumns(DomainSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (this with { Derivation = null }).ToJson() == (other with { Derivation = null }).ToJson();
    }

    /// <summary>
    /// Synth's form (<c>{"columns": [...]}</c>) or Private-PGM's; throws <see cref="FormatException"/>
    /// naming the problem's path. Without <paramref name="validate"/> only the JSON's shape is checked
    /// (for a caller that reports <see cref="Validate"/>'s problems together with its own).
    /// </summary>
    public static DomainSpec FromJson(string json, bool validate = true)
    {
        JsonNode? root;
        try
        {
            root = JsonTreeReader.Read(json);
        }
        catch (FormatException e)
        {
            throw new FormatException($"the domain is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject obj) throw new FormatException("$: the domain must be a JSON object");
        var columnCount = obj["columns"] is JsonArray listed ? listed.Count : obj.ContainsKey("columns") ? 0 : obj.Count;
        if (columnCount > CsvRecordReader.MaxFields)
        {
            throw new FormatException($"$: the domain has {columnCount:N0} columns; the limit is {CsvRecordReader.MaxFields:N0} (as many as a CSV record may have)");
        }
        if (obj.ContainsKey("columns"))
        {
            DomainSpec? spec;
            try
            {
                spec = obj.Deserialize<DomainSpec>(Json);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{e.Path ?? "$"}: {e.Message}", e);
            }
            var problems = validate ? (spec ?? throw new FormatException("$: empty domain")).Validate() : [];
            if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems));
            return spec ?? throw new FormatException("$: empty domain");
        }
        var columns = new List<ColumnDomain>();
        foreach (var (name, value) in obj)
        {
            if (value is not JsonValue v || !v.TryGetValue<int>(out var size) || size < 1)
            {
                throw new FormatException($"$.{name}: a Private-PGM domain gives each column its number of values (an integer >= 1)");
            }
            if (size > InputLimits.MaxCategories)
            {
                throw new FormatException($"$.{name}: {size:N0} values; the limit is {InputLimits.MaxCategories:N0} per column");
            }
            columns.Add(new ColumnDomain(name, ColumnKind.Categorical) { Categories = [.. Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture))] });
        }
        return new DomainSpec(columns);
    }

    /// <summary>
    /// Per encoded attribute (the synthesised columns, in order): whether its codes are ordered —
    /// bins of numbers or datetimes — rather than unordered categories. The evaluation compares
    /// ordered pairs by correlation. A binned column with a missing code is not ordered: that code
    /// comes after the last bin, so a correlation would read "missing" as the largest value.
    /// </summary>
    public IReadOnlyList<bool> OrderedAttributes() =>
        [.. Columns.Where(c => c.IsSynthesized).Select(c => c.Kind is ColumnKind.Integer or ColumnKind.Continuous or ColumnKind.Datetime && !c.Missing)];

    /// <summary>Every problem, each with its JSON path; empty when the domain is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Columns is null || Columns.Count == 0)
        {
            problems.Add("$.columns: at least one column is needed");
            return problems;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            var at = $"$.columns[{i}]";
            if (string.IsNullOrEmpty(c.Name)) problems.Add($"{at}.name: is required");
            else if (!seen.Add(c.Name)) problems.Add($"{at}.name: '{c.Name}' appears twice");
            switch (c.Kind)
            {
                case ColumnKind.Categorical:
                    // With "other", no listed category is still a domain (everything is "other"): what a private derivation releases when no value is frequent enough.
                    if (c.Categories is null || (c.Categories.Count == 0 && !c.Other)) problems.Add($"{at}.categories: a categorical column needs at least one category (or \"other\": true)");
                    else if (c.Categories.Distinct(StringComparer.Ordinal).Count() != c.Categories.Count) problems.Add($"{at}.categories: categories must be distinct");
                    break;
                case ColumnKind.Integer or ColumnKind.Continuous:
                    if (!TryNumber(c.Min, out var min)) problems.Add($"{at}.min: a number is required");
                    if (!TryNumber(c.Max, out var max)) problems.Add($"{at}.max: a number is required");
                    else if (TryNumber(c.Min, out min) && max < min) problems.Add($"{at}.max: must be >= min");
                    if (c.Bins is null or < 1 or > 10_000) problems.Add($"{at}.bins: must be between 1 and 10000");
                    break;
                case ColumnKind.Datetime:
                    if (c.Min is null || !DatasetProfiler.TryParseDate(c.Min, out var from)) problems.Add($"{at}.min: an ISO 8601 date or time is required");
                    if (c.Max is null || !DatasetProfiler.TryParseDate(c.Max, out var to)) problems.Add($"{at}.max: an ISO 8601 date or time is required");
                    else if (c.Min is not null && DatasetProfiler.TryParseDate(c.Min, out from) && to < from) problems.Add($"{at}.max: must not be before min");
                    if (c.Bins is null or < 1 or > 10_000) problems.Add($"{at}.bins: must be between 1 and 10000");
                    break;
            }
            if (c.Form is { } form) ValidateForm(c, form, $"{at}.form", problems);
        }
        return problems;
    }

    // Each member of a form belongs to one kind; a member on another kind is a mistake worth naming.
    private static void ValidateForm(ColumnDomain c, ColumnForm form, string at, List<string> problems)
    {
        var kind = c.Kind.ToString().ToLowerInvariant();
        if (form.Decimals is { } decimals)
        {
            if (c.Kind != ColumnKind.Continuous) problems.Add($"{at}.decimals: only continuous columns have decimals (this one is {kind})");
            else if (decimals is < 0 or > ColumnFormProfiler.MaxDecimals) problems.Add($"{at}.decimals: must be between 0 and {ColumnFormProfiler.MaxDecimals}");
        }
        if (form.Format is { } format)
        {
            if (c.Kind != ColumnKind.Datetime) problems.Add($"{at}.format: only datetime columns have a format (this one is {kind})");
            else if (!IsDateFormat(format)) problems.Add($"{at}.format: '{format}' is not a date and time format that writes a value it can read back (e.g. yyyy-MM-dd)");
            else if (ColumnFormProfiler.HasOffset(format) && !ColumnFormProfiler.TryParseOffset(form.Offset, out _)) problems.Add($"{at}.offset: the format writes an offset; give it as +hh:mm or -hh:mm (within 14 hours)");
        }
        if (form.Offset is not null && (form.Format is null || !ColumnFormProfiler.HasOffset(form.Format))) problems.Add($"{at}.offset: only a format with an offset (zzz) uses one");
        if (form.Pattern is { } pattern)
        {
            if (c.Kind != ColumnKind.Identifier) problems.Add($"{at}.pattern: only identifier columns have a pattern (this one is {kind})");
            else
            {
                try
                {
                    IdentifierPattern.Parse(pattern);
                }
                catch (FormatException e)
                {
                    problems.Add($"{at}.pattern: {e.Message}");
                }
            }
        }
    }

    // A usable format writes a date that it reads back as the same instant (to the second).
    private static bool IsDateFormat(string format)
    {
        var probe = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        try
        {
            var text = probe.ToString(format, CultureInfo.InvariantCulture);
            return ColumnFormProfiler.TryParseExact(text, format, out var back) && (back == probe || back == probe.Date
                || back == new DateTime(2001, 2, 3, 4, 5, 0, DateTimeKind.Utc) || ColumnFormProfiler.HasOffset(format));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    internal static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}

/// <param name="Categories">Categorical: the values, in code order. A value not listed is merged into one "other" code when <see cref="Other"/>.</param>
/// <param name="Min">Numeric and datetime: the public lower bound (values below are clipped to it).</param>
/// <param name="Bins">Numeric and datetime: equal-width bins between the bounds.</param>
/// <param name="Missing">Whether missing values get a code of their own (and come back as missing).</param>
public sealed record ColumnDomain(string Name, ColumnKind Kind)
{
    public IReadOnlyList<string>? Categories { get; init; }

    public bool Other { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }

    public int? Bins { get; init; }

    public bool Missing { get; init; }

    /// <summary>How values are written (decimals, datetime format, identifier shape); null: the default form.</summary>
    public ColumnForm? Form { get; init; }

    /// <summary>Whether the column is modelled (identifiers and free text are not).</summary>
    [JsonIgnore]
    public bool IsSynthesized => Kind is not (ColumnKind.Identifier or ColumnKind.Text);
}
