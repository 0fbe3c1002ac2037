using System.Text;
using System.Text.Json;

namespace Synth.Runtime.Storage;

/// <summary>
/// The payload a completed call rings its caller with: the call id and, when it fits in a
/// notification, the reply itself, so the caller need not read it back from the store.
/// </summary>
public static class ReplyBell
{
    // NOTIFY payloads must stay under 8,000 bytes; leave room for the id and the envelope.
    private const int MaxPayload = 7_000;

    public static string Encode(CallReply reply)
    {
        var id = reply.CallId.ToString("N");
        var body = JsonSerializer.Serialize(new Wire(reply.Succeeded, reply.Result, reply.ErrorType, reply.ErrorMessage));
        return id.Length + 1 + Encoding.UTF8.GetByteCount(body) <= MaxPayload ? $"{id}|{body}" : id;
    }

    /// <summary>The call id, and the reply when the payload carries it.</summary>
    public static bool TryDecode(string payload, out Guid callId, out CallReply? reply)
    {
        reply = null;
        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (!Guid.TryParse(bar < 0 ? payload : payload[..bar], out callId)) return false;
        if (bar < 0) return true;
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(payload.AsSpan(bar + 1));
            if (wire is not null) reply = new CallReply(callId, wire.S, wire.R, wire.T, wire.M);
        }
        catch (JsonException)
        {
            // A payload we cannot read still names the call: the caller reads the reply from the store.
        }
        return true;
    }

    private sealed record Wire(bool S, byte[]? R, string? T, string? M);
}
