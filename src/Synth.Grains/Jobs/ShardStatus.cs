using System.Text.Json.Serialization;

namespace Synth.Grains.Jobs;

[JsonConverter(typeof(JsonStringEnumConverter<ShardStatus>))]
[GenerateSerializer, Alias("synth.jobs.ShardStatus")]
public enum ShardStatus
{
    Queued,
    Running,
    Done,
}
