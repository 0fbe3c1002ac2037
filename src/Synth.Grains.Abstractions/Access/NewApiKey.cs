namespace Synth.Grains.Access;

/// <summary>A key to record: its label, role and user, and the SHA-256 of its secret (the secret itself is never stored).</summary>
[GenerateSerializer, Immutable, Alias("synth.access.NewApiKey")]
public sealed record NewApiKey(string Name, string Role, string User, byte[] SecretHash);
