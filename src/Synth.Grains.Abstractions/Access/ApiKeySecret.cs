using System.Security.Cryptography;
using System.Text;

namespace Synth.Grains.Access;

/// <summary>
/// An API key's secret: <c>sk_</c>, the key's id, <c>_</c>, then 32 random bytes in base64url
/// (256 bits: a plain SHA-256 of it is a safe stored form, no slow hash needed). The id inside
/// lets the server find the one key to compare with, in constant time.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "sk_";

    /// <summary>A new key id and its secret.</summary>
    public static (string Id, string Secret) New()
    {
        var id = "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The stored form of a secret.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The key id a secret names, or null when the text is not of the secret's form.</summary>
    public static string? IdOf(string secret)
    {
        // sk_ + k + 20 hex + _ + 43 base64url characters
        if (secret.Length != Prefix.Length + 21 + 1 + 43 || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret[Prefix.Length + 21] != '_') return null;
        var id = secret.Substring(Prefix.Length, 21);
        return IsValidId(id) ? id : null;
    }

    public static bool IsValidId(string id) =>
        id.Length == 21 && id[0] == 'k' && !id.AsSpan(1).ContainsAnyExcept("0123456789abcdef");
}
