using Synth.Api.Hosting;
using Synth.Grains;
using Synth.Runtime.Hosting;
using Synth.Storage;

namespace Synth.Api;

/// <summary>
/// The two ways Synth's API runs: <see cref="BuildEmbedded"/>, everything in one process (API, a
/// silo and the shard worker on SQLite; what <c>synth serve</c> runs), and <see cref="BuildApiOnly"/>,
/// the API in front of a PostgreSQL cluster of <c>synth silo</c> processes (<c>synth api</c>).
/// </summary>
public static class SynthServer
{
    /// <summary>What Program.cs runs: embedded, unless Synth:Postgres (Synth__Postgres) names a cluster.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = CreateBuilder(new SynthServerOptions { Args = args });
        return builder.Configuration["Synth:Postgres"] is { Length: > 0 } postgres
            ? FinishApiOnly(builder, postgres)
            : FinishEmbedded(builder, null);
    }

    /// <summary>API + silo + shard worker in one process, on SQLite and a local artifact directory under the data directory.</summary>
    /// <exception cref="ArgumentException">A bad host, port or logging setting, naming it.</exception>
    public static WebApplication BuildEmbedded(SynthServerOptions? options = null)
    {
        options ??= new SynthServerOptions();
        return FinishEmbedded(CreateBuilder(options), options.DataDirectory);
    }

    /// <summary>The API alone, a client of the cluster whose state is in <paramref name="postgres"/>; silos run elsewhere.</summary>
    /// <exception cref="ArgumentException">A bad host, port or logging setting, naming it.</exception>
    public static WebApplication BuildApiOnly(string postgres, SynthServerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postgres);
        return FinishApiOnly(CreateBuilder(options ?? new SynthServerOptions()), postgres);
    }

    /// <summary>The URL the started server listens on (with the real port when 0 was asked for).</summary>
    public static string ListeningUrl(WebApplication app) =>
        app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the server has not started, or listens nowhere");

    private static WebApplicationBuilder CreateBuilder(SynthServerOptions options)
    {
        // No reload of appsettings.json on change: its watcher covers the content root and every
        // directory below it, which holds ./synth-data, so each artifact write woke it.
        string[] args = [.. options.Args ?? [], "--hostBuilder:reloadConfigOnChange=false"];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        options.ConfigureBuilder?.Invoke(builder);
        ConsoleLogging.Configure(builder);
        var listen = ListenAddress.Resolve(options.Host, options.Port, builder.Configuration);
        builder.WebHost.ConfigureKestrel(listen.Apply);
        return builder;
    }

    private static WebApplication FinishEmbedded(WebApplicationBuilder builder, string? dataDirectory)
    {
        var directory = dataDirectory ?? builder.Configuration["Synth:DataDirectory"] ?? "synth-data";
        var defaults = new Dictionary<string, string?>();
        // An explicit directory (synth serve --data-dir) wins; otherwise explicit store settings do.
        if (dataDirectory is not null || string.IsNullOrEmpty(builder.Configuration["Synth:Sqlite"]))
        {
            defaults["Synth:Sqlite"] = Path.Combine(directory, "cluster.db");
        }
        if (dataDirectory is not null || string.IsNullOrEmpty(builder.Configuration["Synth:Artifacts:Local:RootDirectory"]))
        {
            defaults["Synth:Artifacts:Local:RootDirectory"] = Path.Combine(directory, "artifacts");
        }
        builder.Configuration.AddInMemoryCollection(defaults);

        builder.AddSynthSilo(grains => grains.AddSynthGrains());
        builder.AddSynthArtifacts();
        builder.AddShardWorker();
        builder.AddSynthApi();
        var app = builder.Build();
        app.MapSynthApi();
        return app;
    }

    private static WebApplication FinishApiOnly(WebApplicationBuilder builder, string postgres)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Synth:Postgres"] = postgres });
        builder.AddSynthClient(grains => grains.AddSynthGrains());
        builder.AddSynthArtifacts();
        builder.AddSynthApi();
        var app = builder.Build();
        app.MapSynthApi();
        return app;
    }
}
