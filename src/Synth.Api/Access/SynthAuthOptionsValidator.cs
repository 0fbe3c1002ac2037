using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Synth.Api.Access;

/// <summary>Checks the settings of the chosen mode at start-up, naming each bad one (never printing the signing key).</summary>
internal sealed class SynthAuthOptionsValidator : IValidateOptions<SynthAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, SynthAuthOptions options)
    {
        var problems = new List<string>();
        if (options.Mode == AuthMode.Jwt)
        {
            if (string.IsNullOrWhiteSpace(options.Jwt.Issuer)) problems.Add("Synth:Auth:Jwt:Issuer: required in mode jwt");
            if (string.IsNullOrWhiteSpace(options.Jwt.Audience)) problems.Add("Synth:Auth:Jwt:Audience: required in mode jwt");
            if (options.Jwt.SigningKey is null || Encoding.UTF8.GetByteCount(options.Jwt.SigningKey) < 32)
            {
                problems.Add("Synth:Auth:Jwt:SigningKey: required in mode jwt, at least 32 bytes");
            }
            if (string.IsNullOrWhiteSpace(options.Jwt.NameClaim)) problems.Add("Synth:Auth:Jwt:NameClaim: must name a claim");
            if (string.IsNullOrWhiteSpace(options.Jwt.RoleClaim)) problems.Add("Synth:Auth:Jwt:RoleClaim: must name a claim");
        }
        if (options.Mode == AuthMode.Headers)
        {
            if (options.Headers.Proxies.Count == 0) problems.Add("Synth:Auth:Headers:Proxies: required in mode headers: the IP addresses of the trusted proxies");
            foreach (var proxy in options.Headers.Proxies)
            {
                if (!IPAddress.TryParse(proxy, out _)) problems.Add($"Synth:Auth:Headers:Proxies: '{proxy}' is not an IP address");
            }
            if (string.IsNullOrWhiteSpace(options.Headers.SubjectHeader)) problems.Add("Synth:Auth:Headers:SubjectHeader: must name a header");
            if (string.IsNullOrWhiteSpace(options.Headers.RolesHeader)) problems.Add("Synth:Auth:Headers:RolesHeader: must name a header");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
