namespace Synth.Api.Access;

/// <summary>How the API knows who calls (Synth:Auth:Mode; <c>synth serve|api --auth</c>).</summary>
public enum AuthMode
{
    /// <summary>No authentication: every caller is one anonymous admin. Only while every listen address is loopback.</summary>
    None,

    /// <summary>API keys created with <c>synth keys create</c>: <c>Authorization: Bearer sk_…</c> or <c>X-Api-Key: sk_…</c>.</summary>
    Keys,

    /// <summary>JWT bearer tokens signed by a configured issuer (Synth:Auth:Jwt).</summary>
    Jwt,

    /// <summary>A user and roles in headers set by a trusted proxy (Synth:Auth:Headers), accepted only from its addresses.</summary>
    Headers,
}
