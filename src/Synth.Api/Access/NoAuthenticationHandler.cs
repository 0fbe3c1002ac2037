using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>Mode none: every caller is the one anonymous admin (no name, so what it creates has no owner), as before authentication existed.</summary>
internal sealed class NoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, SynthRoles.Admin)], SynthSchemes.None));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Anonymous, SynthSchemes.None)));
}
