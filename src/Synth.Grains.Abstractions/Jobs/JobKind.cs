using System.Text.Json.Serialization;

namespace Synth.Grains.Jobs;

/// <summary>What a job does; its shards are run by the matching runner on the silos.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
[GenerateSerializer, Alias("synth.jobs.JobKind")]
public enum JobKind
{
    /// <summary>Rows from a schema (<c>synth run</c> as a service). The default.</summary>
    Generate,

    /// <summary>Fits a synthesis model on a dataset under a privacy budget: one shard.</summary>
    Fit,

    /// <summary>Samples rows from a fitted model: one shard per <c>TableModel.BatchRows</c> batch. Free of privacy cost.</summary>
    Sample,
}
