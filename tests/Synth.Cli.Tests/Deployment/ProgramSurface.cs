using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synth.Api;
using Synth.Cli.Hosting;
using Synth.Grains.Jobs;
using Synth.Silo.Hosting;
using Synth.Storage;

namespace Synth.Cli.Tests.Deployment;

/// <summary>
/// What Synth's programs read and expose, taken from the code itself rather than from a list kept
/// by hand: the settings (every options class's <c>SectionName</c> and properties, every
/// <c>*Setting</c> configuration key and <c>*Variable</c> environment variable the code declares),
/// and the routes the API and a silo map (built, not started).
/// </summary>
internal static class ProgramSurface
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(SynthServer).Assembly, typeof(SynthApi).Assembly, typeof(SiloHost).Assembly, typeof(ShardWorkerOptions).Assembly, typeof(ArtifactStoreOptions).Assembly,
    ];

    private static readonly IReadOnlyList<(string Name, string Value)> Constants =
        [.. Assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    /// <summary>Environment variables read as such (SYNTH_API_PORT, OTEL_EXPORTER_OTLP_ENDPOINT, POD_NAME, …).</summary>
    public static IReadOnlySet<string> Variables { get; } = Constants.Where(c => c.Name.EndsWith("Variable", StringComparison.Ordinal)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Configuration keys read one by one (Synth:Postgres, …).</summary>
    public static IReadOnlySet<string> Settings { get; } = Constants.Where(c => c.Name.EndsWith("Setting", StringComparison.Ordinal)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Options classes by the section they are bound from.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = Assemblies.SelectMany(a => a.GetTypes())
        .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true })
        .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a Synth program reads the environment variable <paramref name="name"/>.</summary>
    public static bool Reads(string name)
    {
        if (Variables.Contains(name)) return true;
        // The .NET runtime's and ASP.NET Core's own (DOTNET_gcServer, …).
        if (name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) return true;
        var path = name.Replace("__", ":", StringComparison.Ordinal);
        if (Settings.Contains(path)) return true;
        foreach (var (section, type) in Sections)
        {
            if (path.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase) && Binds(type, path[(section.Length + 1)..].Split(':'))) return true;
        }
        return false;
    }

    /// <summary>The routes of the API (the embedded server as <c>synth serve</c> builds it), "METHODS pattern".</summary>
    public static IReadOnlyList<string> ApiRoutes() => Routes(SynthServer.BuildEmbedded(new SynthServerOptions
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "synth-manifest-" + Guid.NewGuid().ToString("N")[..8]),
        ConfigureBuilder = b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SYNTH_LOG_LEVEL"] = "error" }),
    }));

    /// <summary>The routes a silo with a metrics port maps.</summary>
    public static IReadOnlyList<string> SiloRoutes() =>
        Routes(SiloHost.Build([], new Dictionary<string, string?> { [$"{SiloOptions.SectionName}:{nameof(SiloOptions.MetricsPort)}"] = "9464", ["Logging:LogLevel:Default"] = "Error" }));

    private static IReadOnlyList<string> Routes(IHost host)
    {
        using (host)
        {
            // Not started: the endpoints are still in the application's own data sources.
            var endpoints = ((IEndpointRouteBuilder)host).DataSources.SelectMany(d => d.Endpoints);
            return [.. endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText!)];
        }
    }

    private static bool Binds(Type type, string[] parts)
    {
        if (parts.Length == 0) return true;
        var property = type.GetProperty(parts[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null) return false;
        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType))
        {
            // A list: the next part is an index (Tags__0), or none (one value, as Synth's comma-separated lists take it).
            var element = propertyType.IsGenericType ? propertyType.GetGenericArguments()[0] : typeof(object);
            if (parts.Length == 1) return true;
            return int.TryParse(parts[1], out _) && (IsScalar(element) ? parts.Length == 2 : Binds(element, parts[2..]));
        }
        return IsScalar(propertyType) ? parts.Length == 1 : Binds(propertyType, parts[1..]);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(DateTimeOffset);
}
