using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Synth.Runtime.Storage;

/// <summary>
/// The payload an enqueued call rings its grain's silo with: the grain id or, when it fits in a
/// notification, the call itself with its sequence, so the silo need not read it back from the inbox.
/// Forms: <c>type/key</c>, or <c>#seq|{json}</c> (a grain id never starts with '#').
/// </summary>
public static class InboxBell
{
    // NOTIFY payloads must stay under 8,000 bytes; leave room for the sequence and the envelope.
    private const int MaxBody = 7_000;

    /// <summary>The call without its sequence (which the store assigns), or null when too large to ring with.</summary>
    public static string? EncodeBody(GrainCall call)
    {
        var body = JsonSerializer.Serialize(new Wire(call.Target.ToString(), call.CallId, call.Method, call.Arguments, call.ReplyTo, [.. call.RequiredTags], call.Deadline));
        return Encoding.UTF8.GetByteCount(body) <= MaxBody ? body : null;
    }

    /// <summary>The payload for <paramref name="call"/> stored at <paramref name="sequence"/>.</summary>
    public static string Encode(GrainCall call, long sequence) =>
        EncodeBody(call) is { } body ? $"#{sequence.ToString(CultureInfo.InvariantCulture)}|{body}" : call.Target.ToString();

    /// <summary>The grain rung for, and the call when the payload carries it.</summary>
    public static bool TryDecode(string payload, out GrainId grain, out GrainCall? call)
    {
        call = null;
        grain = default;
        if (!payload.StartsWith('#'))
        {
            if (payload.IndexOf('/', StringComparison.Ordinal) <= 0) return false;
            grain = GrainId.Parse(payload);
            return true;
        }
        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0 || !long.TryParse(payload.AsSpan(1, bar - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(payload.AsSpan(bar + 1));
        }
        catch (JsonException)
        {
            return false;
        }
        if (wire is null || wire.G.IndexOf('/', StringComparison.Ordinal) <= 0) return false;
        grain = GrainId.Parse(wire.G);
        call = new GrainCall(wire.C, grain, wire.M, wire.A, wire.R, wire.T, wire.D, sequence);
        return true;
    }

    private sealed record Wire(string G, Guid C, string M, byte[] A, string? R, string[] T, DateTimeOffset D);
}
