using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Synth.Api.Tests.TestSupport;

/// <summary>
/// The API has no authentication yet, so everyone is every dataset's owner. For tests of
/// ownership, a request's <c>X-Test-User</c> header becomes its user (its <c>Identity.Name</c>).
/// </summary>
public sealed class TestUsersFactory : SynthApiFactory
{
    public const string Header = "X-Test-User";

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, UserFromHeader>();

    public HttpClient ClientFor(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(Header, user);
        return client;
    }

    private sealed class UserFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[Header].ToString() is { Length: > 0 } user)
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "test"));
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
