namespace Synth.Grains.Access;

/// <summary>An API key as admins see it: never its secret, nor the secret's hash.</summary>
/// <param name="Id">"k" + 20 hex digits; the secret starts with it (<see cref="ApiKeySecret"/>).</param>
/// <param name="Name">A label for listings.</param>
/// <param name="Role"><see cref="SynthRoles.Admin"/> or <see cref="SynthRoles.User"/>.</param>
/// <param name="User">The user the key acts as: the owner of what it creates.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
[GenerateSerializer, Immutable, Alias("synth.access.ApiKeyInfo")]
public sealed record ApiKeyInfo(string Id, string Name, string Role, string User, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
