using System.Security.Cryptography;

namespace Synth.Grains.Streams;

/// <summary>Stream ids: "s" + 20 lowercase hex digits.</summary>
public static class StreamIds
{
    public static string New() => "s" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 's' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") == false;
}
