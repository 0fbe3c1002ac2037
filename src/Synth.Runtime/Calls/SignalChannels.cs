namespace Synth.Runtime.Calls;

/// <summary>Names of the notification channels (lower-case, ≤ 63 characters, as PostgreSQL requires).</summary>
internal static class SignalChannels
{
    /// <summary>A silo's inbox bell: the payload is the grain id that has new calls.</summary>
    public static string Silo(string siloId) => "synth_silo_" + siloId;

    /// <summary>A client's reply bell: the payload is the call id whose reply is stored.</summary>
    public static string Replies(string clientId) => "synth_reply_" + clientId;

    /// <summary>Membership changes (a silo joined, left or was declared dead): every client re-reads the silos table.</summary>
    public const string Membership = "synth_membership";

    /// <summary>Grain streams: the payload is the stream id that has new events.</summary>
    public const string Streams = "synth_streams";

    /// <summary>A new short id for a silo or client.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
