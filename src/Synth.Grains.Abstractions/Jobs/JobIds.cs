using System.Security.Cryptography;
using System.Text;

namespace Synth.Grains.Jobs;

/// <summary>Job ids: "j" + 20 hex digits; random, or derived from an Idempotency-Key so a retried submission finds its job.</summary>
public static class JobIds
{
    public static string New() => "j" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>The same (owner, key) always gives the same id; different owners never share one.</summary>
    public static string ForIdempotencyKey(string? owner, string key) =>
        "j" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner}\n{key}")))[..20];

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 'j' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") == false;
}
