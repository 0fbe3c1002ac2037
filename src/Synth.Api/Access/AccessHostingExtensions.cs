using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Synth.Api.Audit;
using Synth.Api.Quotas;
using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>
/// Authentication (one scheme per <see cref="AuthMode"/>, chosen by Synth:Auth:Mode), authorization
/// (every endpoint needs an authenticated caller unless it says otherwise; <see cref="SynthSchemes.AdminPolicy"/>
/// for admin-only ones) and the per-user request rate limit.
/// </summary>
public static class AccessHostingExtensions
{
    public static WebApplicationBuilder AddSynthAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SynthAuthOptions>().BindConfiguration(SynthAuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SynthAuthOptions>, SynthAuthOptionsValidator>();
        builder.Services.AddOptions<SynthQuotaOptions>().BindConfiguration(SynthQuotaOptions.SectionName)
            .Validate(o => o.RequestsPerMinute >= 0, "Synth:Quotas:RequestsPerMinute must be 0 (off) or more")
            .Validate(o => o.ConcurrentJobs >= 0, "Synth:Quotas:ConcurrentJobs must be 0 (off) or more")
            .Validate(o => o.ConcurrentStreams >= 0, "Synth:Quotas:ConcurrentStreams must be 0 (off) or more")
            .Validate(o => o.MaxRowsPerJob >= 0, "Synth:Quotas:MaxRowsPerJob must be 0 (off) or more")
            .Validate(o => o.MaxStorageBytes >= 0, "Synth:Quotas:MaxStorageBytes must be 0 (off) or more")
            .Validate(o => o.JobsRetryAfterSeconds >= 1, "Synth:Quotas:JobsRetryAfterSeconds must be at least 1")
            .ValidateOnStart();

        builder.Services.AddSingleton<UsageCalculator>();
        builder.Services.AddSingleton<QuotaGuard>();

        builder.Services.AddAuthentication(SynthSchemes.Default)
            .AddPolicyScheme(SynthSchemes.Default, "Synth", o => o.ForwardDefaultSelector = context =>
                SynthSchemes.For(context.RequestServices.GetRequiredService<IOptions<SynthAuthOptions>>().Value.Mode))
            .AddScheme<AuthenticationSchemeOptions, NoAuthenticationHandler>(SynthSchemes.None, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SynthSchemes.Keys, null)
            .AddScheme<AuthenticationSchemeOptions, TrustedHeadersAuthenticationHandler>(SynthSchemes.Headers, null)
            .AddJwtBearer(SynthSchemes.Jwt);
        builder.Services.AddOptions<JwtBearerOptions>(SynthSchemes.Jwt).Configure<IOptions<SynthAuthOptions>>(ConfigureJwt);

        builder.Services.AddAuthorizationBuilder()
            // A new endpoint needs an authenticated caller unless it says otherwise (AllowAnonymous).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(SynthSchemes.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(SynthRoles.Admin));

        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PartitionRequests);
            o.OnRejected = RejectAsync;
        });
        return builder;
    }

    public static WebApplication UseSynthAccess(this WebApplication app)
    {
        app.UseAuthentication();
        // Who is known from here on; refusals of the rate limiter and authorization below are recorded too.
        app.UseMiddleware<AuditMiddleware>();
        // Before authorization, so requests it refuses (401: guessed keys) are counted too.
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, IOptions<SynthAuthOptions> auth)
    {
        var options = auth.Value.Jwt;
        jwt.MapInboundClaims = false; // claim names as the token has them: "sub", "role"
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = options.SigningKey is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = options.NameClaim,
            RoleClaimType = options.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                context.Token ??= SynthSchemes.QueryToken(context.Request);
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                // The name is the owner of everything the caller creates: a token without one is refused.
                if (string.IsNullOrEmpty(context.Principal?.Identity?.Name)) context.Fail(AccessProblems.Fail(context.HttpContext, $"the token has no '{options.NameClaim}' claim").Failure!);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                AccessProblems.Fail(context.HttpContext, context.Exception.Message);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>One token bucket per user; admins, and endpoints open to anyone (health), are not limited.</summary>
    private static RateLimitPartition<string> PartitionRequests(HttpContext context)
    {
        var perMinute = context.RequestServices.GetRequiredService<IOptions<SynthQuotaOptions>>().Value.RequestsPerMinute;
        if (perMinute == 0 || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return RateLimitPartition.GetNoLimiter("");
        var caller = Caller.Of(context);
        if (!caller.HasQuotas) return RateLimitPartition.GetNoLimiter("");
        // Unauthenticated requests (they will get 401) share one bucket per address, so guessing keys is limited too.
        var key = context.User.Identity?.IsAuthenticated == true ? "u:" + caller.UserId : "ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var perMinute = context.RequestServices.GetRequiredService<IOptions<SynthQuotaOptions>>().Value.RequestsPerMinute;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1) / Math.Max(1, perMinute);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "A quota is exhausted.",
            Detail = $"rate limit: at most {perMinute} requests a minute per user (Synth:Quotas:RequestsPerMinute); retry after {seconds} s",
        };
        problem.Extensions["limit"] = "RequestsPerMinute";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
