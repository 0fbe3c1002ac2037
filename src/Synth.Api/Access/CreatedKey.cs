using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>A new key and its secret: the only time the secret is shown (the cluster keeps only its SHA-256).</summary>
public sealed record CreatedKey(ApiKeyInfo Key, string Secret);
