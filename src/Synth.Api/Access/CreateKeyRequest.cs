namespace Synth.Api.Access;

/// <summary>The body of <c>POST /keys</c>.</summary>
/// <param name="Name">A label for listings, 1 to 100 printable characters.</param>
/// <param name="Role"><c>admin</c> or <c>user</c>.</param>
/// <param name="User">The user the key acts as (the owner of what it creates); default <paramref name="Name"/>.</param>
public sealed record CreateKeyRequest(string? Name, string? Role, string? User);
