using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>
/// Mode headers: a proxy in front of the API has authenticated the user and names them (and their
/// roles) in headers. Such headers are believed only from the configured proxy addresses: a request
/// from anywhere else is a 401 whatever it carries, so nobody can reach the API around the proxy
/// and claim to be someone.
/// </summary>
internal sealed class TrustedHeadersAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SynthAuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private readonly HeaderAuthOptions _headers = auth.Value.Headers;
    private readonly IPAddress[] _proxies = [.. auth.Value.Headers.Proxies.Select(IPAddress.Parse).Select(Normalize)];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var from = Context.Connection.RemoteIpAddress;
        if (from is null || !_proxies.Contains(Normalize(from)))
        {
            return Task.FromResult(AccessProblems.Fail(Context, $"requests must come through the trusted proxy; {from?.ToString() ?? "an unknown address"} is not one"));
        }
        var subject = Request.Headers[_headers.SubjectHeader].ToString().Trim();
        if (subject.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var roles = Request.Headers[_headers.RolesHeader].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var role = roles.Contains(SynthRoles.Admin, StringComparer.OrdinalIgnoreCase) ? SynthRoles.Admin : SynthRoles.User;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, subject), new Claim(ClaimTypes.Role, role)], SynthSchemes.Headers);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SynthSchemes.Headers)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
