using System.Text.Json.Serialization;
using Orleans.Dashboard;
using Synth.Api.Access;
using Synth.Api.Audit;
using Synth.Api.Dashboard;
using Synth.Api.Datasets;
using Synth.Api.Generate;
using Synth.Api.Jobs;
using Synth.Api.Models;
using Synth.Api.Problems;
using Synth.Api.Progress;
using Synth.Api.Quotas;
using Synth.Api.Schemas;
using Synth.Api.Status;
using Synth.Api.Streams;

namespace Synth.Api;

/// <summary>
/// The HTTP API and the progress hub, for any host that already has an Orleans silo or client
/// (<c>synth serve</c> and <c>synth api</c> compose the two standard ones). Needs IGrainFactory
/// and IArtifactStore.
/// </summary>
public static class SynthApi
{
    /// <summary>Where the Orleans Dashboard is mounted.</summary>
    public const string DashboardPath = "/orleans";

    public static WebApplicationBuilder AddSynthApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SynthApiOptions>().BindConfiguration(SynthApiOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0, "Synth:Api:MaxRequestBodyBytes must be positive")
            .Validate(o => o.MaxGenerateRows >= 0, "Synth:Api:MaxGenerateRows must be 0 or more")
            .Validate(o => o.MaxParts >= 1, "Synth:Api:MaxParts must be at least 1")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A key given twice is ambiguous (which one counts?): refused, naming the key.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.AddSynthAccess();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Statuses without a handler of ours (no route, wrong method) still say what was asked.
            var request = c.HttpContext.Request;
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"nothing is at {request.Method} {request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}",
                StatusCodes.Status415UnsupportedMediaType => JsonBody.NotJson(request),
                StatusCodes.Status401Unauthorized => AccessProblems.Unauthenticated(c.HttpContext),
                StatusCodes.Status403Forbidden => "this needs the admin role",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<SecuritySchemeTransformer>());
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<JobProgressRelay>();
        builder.Services.AddSingleton(new ServerClock()); // created now: uptime counts from start-up
        builder.Services.AddSynthHealthChecks();
        return builder;
    }

    public static WebApplication MapSynthApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // unknown routes and bare statuses get a problem body too
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseSynthDashboard(); // before access and rate limits: its files hold no data
        app.UseSynthAccess();

        app.MapOpenApi().AllowAnonymous(); // /openapi/v1.json: describes the API, holds no data
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Synth API v1");
            o.DocumentTitle = "Synth API";
        });

        app.MapJobsApi();
        app.MapSchemasApi();
        app.MapGenerateApi();
        app.MapStatusApi();
        app.MapDatasetsApi();
        app.MapModelsApi();
        app.MapKeysApi();
        app.MapUsageApi();
        app.MapAuditApi();
        app.MapStreamsApi();
        app.MapSeedApi();
        app.MapHub<ProgressHub>(ProgressHub.Path);
        // Orleans' own view of the cluster (silos, grains, calls), behind the API's access rules.
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(SynthSchemes.AdminPolicy);
        return app;
    }
}
