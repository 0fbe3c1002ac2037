using System.Text.Json.Serialization;

namespace Synth.Grains.Streams;

/// <summary>A stream's state; in JSON by name.</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<StreamStatus>))]
public enum StreamStatus
{
    /// <summary>Emitting at its rate.</summary>
    Running,

    /// <summary>Paused by its owner; resumes where it stopped.</summary>
    Paused,

    /// <summary>Its sink keeps failing: it retries with backoff, and the cause is in <see cref="StreamInfo.Error"/>.</summary>
    Degraded,

    /// <summary>Stopped by its owner, or its record limit reached: final.</summary>
    Stopped,
}
