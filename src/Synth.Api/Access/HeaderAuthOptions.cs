namespace Synth.Api.Access;

/// <summary>Trusted-header settings (Synth:Auth:Headers): a proxy in front of the API authenticates users and names them in headers.</summary>
public sealed class HeaderAuthOptions
{
    /// <summary>The header with the user's name. Default <c>X-Forwarded-User</c>.</summary>
    public string SubjectHeader { get; set; } = "X-Forwarded-User";

    /// <summary>The header with the user's roles, comma-separated (<c>admin</c>, <c>user</c>). Default <c>X-Forwarded-Roles</c>.</summary>
    public string RolesHeader { get; set; } = "X-Forwarded-Roles";

    /// <summary>The proxies' IP addresses: requests from any other address get 401, whatever their headers say. Required in mode headers.</summary>
    public List<string> Proxies { get; set; } = [];
}
