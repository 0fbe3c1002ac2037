namespace Synth.Api.Access;

/// <summary>JWT bearer settings (Synth:Auth:Jwt). Tokens are HMAC-SHA256 signed with <see cref="SigningKey"/>.</summary>
public sealed class JwtAuthOptions
{
    /// <summary>The required <c>iss</c>. Required in mode jwt.</summary>
    public string? Issuer { get; set; }

    /// <summary>The required <c>aud</c>. Required in mode jwt.</summary>
    public string? Audience { get; set; }

    /// <summary>The shared signing secret (HS256), at least 32 bytes of UTF-8. Required in mode jwt; never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that names the user (the owner of what they create). Default <c>sub</c>.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>The claim that carries the roles (<c>admin</c>, <c>user</c>; one claim or an array). Default <c>role</c>.</summary>
    public string RoleClaim { get; set; } = "role";
}
