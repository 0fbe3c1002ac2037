namespace Synth.Core.Schema;

/// <summary>
/// Bounds on what one schema may ask of the parser and the engine, so that any input, hostile or
/// careless, is refused in bounded time and memory with an error that names the limit. Each is far
/// above what a real schema needs.
/// </summary>
public static class InputLimits
{
    /// <summary>Deepest nesting of objects and arrays in schema text (JSON or YAML). 64, as System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Most values (objects, arrays, scalars) in one schema's tree, counting every use of a YAML alias
    /// as a copy: what stops an alias bomb. 200,000.
    /// </summary>
    public const int MaxValues = 200_000;

    /// <summary>Most fields in one schema. 10,000.</summary>
    public const int MaxFields = 10_000;

    /// <summary>Most tables in one multi-table schema. 64.</summary>
    public const int MaxTables = 64;

    /// <summary>
    /// Most parents of a table with per_parent: each parent's count is drawn when the schema is
    /// compiled (about 10 ns each, on every machine that runs a shard). 1,000,000,000.
    /// </summary>
    public const long MaxParentRows = 1_000_000_000;

    /// <summary>Most categories of one category field. 100,000.</summary>
    public const int MaxCategories = 100_000;

    /// <summary>Longest string template (<c>"ORD-{####}"</c>), in characters. 4,096.</summary>
    public const int MaxTemplateLength = 4_096;
}
