namespace Synth.Api.Access;

/// <summary>The authentication schemes, one per <see cref="AuthMode"/>; <see cref="Default"/> forwards to the configured one.</summary>
public static class SynthSchemes
{
    public const string Default = "synth";
    public const string None = "none";
    public const string Keys = "keys";
    public const string Jwt = "jwt";
    public const string Headers = "headers";

    /// <summary>The policy that only admins pass.</summary>
    public const string AdminPolicy = "admin";

    public static string For(AuthMode mode) => mode switch
    {
        AuthMode.Keys => Keys,
        AuthMode.Jwt => Jwt,
        AuthMode.Headers => Headers,
        _ => None,
    };

    /// <summary>
    /// Browsers cannot set headers on a WebSocket or an EventSource, so the hub and the event streams
    /// also take the credential as <c>?access_token=</c> (what SignalR's accessTokenFactory sends).
    /// Nowhere else: a query string ends up in logs more often than a header.
    /// </summary>
    public static string? QueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal) || request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
            ? request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null
            : null;
}
