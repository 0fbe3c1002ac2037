namespace Synth.Api.Status;

/// <summary>When this API process started, for uptime.</summary>
internal sealed class ServerClock
{
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
}
