using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Synth.Api;
using Synth.Api.Access;
using Synth.Api.Hosting;
using Synth.Silo.Hosting;
using Synth.Silo.Observability;

namespace Synth.Cli.Hosting;

/// <summary>
/// The two ways Synth's API runs, composed here because the CLI is the one program that runs
/// both: <see cref="BuildEmbedded"/>, everything in one process (the API co-hosted with one
/// Orleans silo and its shard worker, state under the data directory; <c>synth serve</c>), and
/// <see cref="BuildApiOnly"/>, the API as an Orleans client of a PostgreSQL cluster of
/// <c>synth silo</c> processes (<c>synth api</c>). The API library (Synth.Api) knows only grain
/// interfaces; the silo library (Synth.Silo) is the one place that configures Orleans.
/// </summary>
public static class SynthServer
{
    /// <summary>API + silo + shard worker in one process, with its state and a local artifact store under the data directory.</summary>
    /// <exception cref="ArgumentException">A bad host, port or logging setting, naming it.</exception>
    public static WebApplication BuildEmbedded(SynthServerOptions? options = null)
    {
        options ??= new SynthServerOptions();
        var builder = CreateBuilder(options, AuthMode.None);
        var directory = options.DataDirectory ?? builder.Configuration["Synth:DataDirectory"] ?? "synth-data";
        var defaults = new Dictionary<string, string?> { ["Synth:DataDirectory"] = directory };
        if (options.Durable) defaults["Synth:Durable"] = "true";
        // An explicit directory (synth serve --data-dir) wins; otherwise explicit store settings do.
        if (options.DataDirectory is not null || string.IsNullOrEmpty(builder.Configuration["Synth:Artifacts:Local:RootDirectory"]))
        {
            defaults["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(directory, "artifacts");
        }
        // Embedded means no cluster database, whatever the environment says.
        defaults["Synth:Postgres"] = "";
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.AddSynthSilo();
        builder.AddSynthApi();
        builder.AddSynthTelemetry("synth-serve");
        var app = builder.Build();
        app.MapSynthApi();
        MapMetrics(app);
        return app;
    }

    /// <summary>The API alone, an Orleans client of the cluster whose membership is in <paramref name="postgres"/>; silos run elsewhere.</summary>
    /// <exception cref="ArgumentException">A bad host, port or logging setting, naming it.</exception>
    public static WebApplication BuildApiOnly(string postgres, SynthServerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postgres);
        var builder = CreateBuilder(options ?? new SynthServerOptions(), AuthMode.Keys);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Synth:Postgres"] = postgres });
        builder.AddSynthClient(postgres);
        builder.AddSynthApi();
        builder.AddSynthTelemetry("synth-api");
        var app = builder.Build();
        app.MapSynthApi();
        MapMetrics(app);
        return app;
    }

    /// <summary>
    /// <c>/metrics</c> on the API's port is for admins (Prometheus sends an admin's key): the API
    /// port is the public one. Silos serve theirs without credentials on an internal port.
    /// </summary>
    private static void MapMetrics(WebApplication app) =>
        app.MapSynthMetrics().RequireAuthorization(SynthSchemes.AdminPolicy).WithTags("Status").WithSummary("Metrics in the Prometheus text format (admins only)");

    /// <summary>The URL the started server listens on (with the real port when 0 was asked for).</summary>
    public static string ListeningUrl(WebApplication app) =>
        app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the server has not started, or listens nowhere");

    private static WebApplicationBuilder CreateBuilder(SynthServerOptions options, AuthMode defaultAuth)
    {
        // No reload of appsettings.json on change: its watcher covers the content root and every
        // directory below it, which holds ./synth-data, so each artifact write woke it.
        string[] args = [.. options.Args ?? [], "--hostBuilder:reloadConfigOnChange=false"];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        options.ConfigureBuilder?.Invoke(builder);
        ConsoleLogging.Configure(builder);
        var listen = ListenAddress.Resolve(options.Host, options.Port, builder.Configuration);
        var auth = ResolveAuth(options.Auth, builder.Configuration, defaultAuth);
        if (auth == AuthMode.None && !listen.IsLoopback)
        {
            throw new ArgumentException(
                $"--auth none: only while listening on loopback (127.0.0.1, ::1, localhost), and --host {listen.Host} is reachable from other machines; choose --auth keys, jwt or headers");
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Synth:Auth:Mode"] = auth.ToString() });
        builder.WebHost.ConfigureKestrel(listen.Apply);
        return builder;
    }

    /// <summary>--auth, else Synth:Auth:Mode (Synth__Auth__Mode), else the server's default.</summary>
    private static AuthMode ResolveAuth(string? flag, IConfiguration configuration, AuthMode defaultAuth)
    {
        var (source, text) = flag is not null ? ("--auth", flag) : ("Synth:Auth:Mode", configuration["Synth:Auth:Mode"]);
        if (string.IsNullOrWhiteSpace(text)) return defaultAuth;
        // By name only: Enum.TryParse would also take "1".
        var name = Enum.GetNames<AuthMode>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null ? Enum.Parse<AuthMode>(name) : throw new ArgumentException($"{source}: '{text}' is not an auth mode; one of none, keys, jwt, headers");
    }
}
