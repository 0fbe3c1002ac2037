using System.Security.Cryptography;
using System.Text;
using Synth.Runtime.Grains;

namespace Synth.Grains.Schemas;

/// <summary>A stored schema, keyed by its id: the hash of its text, so storing the same text twice gives one schema.</summary>
public interface ISchemaGrain : IGrain
{
    /// <summary>Stores the text (already validated by the caller). Idempotent.</summary>
    Task<StoredSchema> SaveAsync(string text);

    /// <summary>The schema, or null when none has this id.</summary>
    Task<StoredSchema?> GetAsync();
}

public sealed record StoredSchema(string Id, string Text, DateTimeOffset CreatedAt);

public static class SchemaIds
{
    public static string Of(string text) => "s" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];

    public static bool IsValid(string id) =>
        id.Length == 21 && id[0] == 's' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") == false;
}
