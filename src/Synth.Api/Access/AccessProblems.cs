using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Synth.Api.Access;

/// <summary>What a 401 says: why the credential was refused, or which one the mode expects.</summary>
internal static class AccessProblems
{
    private const string FailureKey = "synth:authentication-failure";

    /// <summary>A refused credential: the reason is kept for the 401's detail (the middleware keeps only successes).</summary>
    public static AuthenticateResult Fail(HttpContext context, string reason)
    {
        context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    /// <summary>Why the request's credential was refused; null when none was refused (none was sent, or it was good).</summary>
    public static string? FailureOf(HttpContext context) => context.Items[FailureKey] as string;

    public static string Unauthenticated(HttpContext context)
    {
        if (context.Items[FailureKey] is string failure) return $"authentication failed: {failure}";
        return context.RequestServices.GetRequiredService<IOptions<SynthAuthOptions>>().Value.Mode switch
        {
            AuthMode.Keys => "authentication required: send an API key as 'Authorization: Bearer sk_…' or 'X-Api-Key: sk_…'",
            AuthMode.Jwt => "authentication required: send a JWT as 'Authorization: Bearer …'",
            AuthMode.Headers => "authentication required: come through the trusted proxy, which names the user",
            _ => "authentication required",
        };
    }
}
