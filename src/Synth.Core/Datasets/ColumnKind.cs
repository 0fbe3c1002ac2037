using System.Text.Json.Serialization;

namespace Synth.Core.Datasets;

/// <summary>What a column holds, as profiling infers it and the owner confirms it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))]
public enum ColumnKind
{
    /// <summary>A small set of values (strings or codes); synthesised as categories.</summary>
    Categorical,

    /// <summary>Whole numbers over a range; synthesised in bins, drawn back as integers.</summary>
    Integer,

    /// <summary>Real numbers over a range; synthesised in bins, drawn back uniformly inside them.</summary>
    Continuous,

    /// <summary>Timestamps over a range; synthesised in bins, drawn back uniformly inside them.</summary>
    Datetime,

    /// <summary>(Nearly) unique per row, such as keys: not synthesised (it would leak); regenerated as row numbers.</summary>
    Identifier,

    /// <summary>Free text with too many distinct values to model: not synthesised; left empty.</summary>
    Text,
}
