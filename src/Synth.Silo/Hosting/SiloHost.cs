using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Synth.Silo.Observability;

namespace Synth.Silo.Hosting;

/// <summary>
/// The process of one silo (<c>synth silo</c> and Dockerfile.silo's Synth.Silo): the silo, its
/// telemetry, and, with <see cref="SiloOptions.MetricsPort"/>, an HTTP listener on that port alone
/// for <c>/metrics</c>, <c>/healthz</c> (the process answers) and <c>/readyz</c> (the silo is an
/// active member of its cluster).
/// </summary>
public static class SiloHost
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <param name="args">Command-line configuration (e.g. --Synth:Silo:Name=a).</param>
    /// <param name="overrides">Settings that win over the environment (the CLI's flags).</param>
    public static IHost Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // No reload of appsettings.json on change: its watcher would cover the working directory and
        // everything below it, a local artifact store included.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"] });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var port = builder.Configuration.GetValue<int?>($"{SiloOptions.SectionName}:{nameof(SiloOptions.MetricsPort)}");
        builder.AddSynthSilo();
        builder.AddSynthTelemetry("synth-silo");
        if (port is null)
        {
            // No HTTP at all: Kestrel would otherwise take ASPNETCORE_URLS or port 5000.
            builder.WebHost.UseServer(new NoServer());
            return builder.Build();
        }
        if (port is < 0 or > 65535) throw new ArgumentException($"{SiloOptions.SectionName}:{nameof(SiloOptions.MetricsPort)}: {port} is not a port (0 to 65535)");
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, port.Value));
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), [LiveTag])
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        var app = builder.Build();
        app.MapSynthMetrics();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";
}
