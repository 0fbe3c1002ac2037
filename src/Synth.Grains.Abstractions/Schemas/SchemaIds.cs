using System.Security.Cryptography;
using System.Text;

namespace Synth.Grains.Schemas;

/// <summary>Schema ids: "s" + the first 20 hex digits of the SHA-256 of the text.</summary>
public static class SchemaIds
{
    public static string Of(string text) => "s" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 's' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") == false;
}
