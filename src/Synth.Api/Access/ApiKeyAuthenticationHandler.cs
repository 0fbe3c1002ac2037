using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>
/// Mode keys: <c>Authorization: Bearer sk_…</c> or <c>X-Api-Key: sk_…</c>. The secret names its key;
/// that key's grain compares the secret's SHA-256 with the stored one in constant time. No
/// credential is a 401 challenge; an unknown, malformed or revoked one is a 401 failure.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Api-Key";

    /// <summary>The claim that names the key a request came with.</summary>
    public const string KeyIdClaim = "synth:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = Request.Headers[Header].ToString();
        if (secret.Length == 0)
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) secret = authorization["Bearer ".Length..].Trim();
        }
        if (secret.Length == 0) secret = SynthSchemes.QueryToken(Request) ?? "";
        if (secret.Length == 0) return AuthenticateResult.NoResult();

        if (ApiKeySecret.IdOf(secret) is not { } id) return AccessProblems.Fail(Context, "the API key is not of the form sk_…");
        var key = await grains.GetGrain<IApiKeyGrain>(id).VerifyAsync(ApiKeySecret.Hash(secret));
        if (key is null) return AccessProblems.Fail(Context, "the API key is unknown or revoked");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.User), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyIdClaim, key.Id)], SynthSchemes.Keys);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SynthSchemes.Keys));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
