using Microsoft.Extensions.Logging.Console;

namespace Synth.Api.Hosting;

/// <summary>
/// Console logs on standard error (standard output stays for what a script reads, such as the
/// listening URL): one line per event with a UTC timestamp, or JSON objects with
/// SYNTH_LOG_FORMAT=json. SYNTH_LOG_LEVEL (debug, info, warning, error) sets the level; ASP.NET
/// Core's per-request lines appear only at debug.
/// </summary>
public static class ConsoleLogging
{
    public const string LevelVariable = "SYNTH_LOG_LEVEL";
    public const string FormatVariable = "SYNTH_LOG_FORMAT";

    /// <exception cref="ArgumentException">An unknown level or format, naming the variable.</exception>
    public static void Configure(WebApplicationBuilder builder)
    {
        var levelText = builder.Configuration[LevelVariable];
        var level = levelText?.Trim().ToLowerInvariant() switch
        {
            null or "" or "info" or "information" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "trace" => LogLevel.Trace,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => throw new ArgumentException($"{LevelVariable}: unknown level '{levelText}'; one of debug, info, warning, error"),
        };
        var formatText = builder.Configuration[FormatVariable];
        var formatter = formatText?.Trim().ToLowerInvariant() switch
        {
            null or "" or "simple" => ConsoleFormatterNames.Simple,
            "json" => ConsoleFormatterNames.Json,
            _ => throw new ArgumentException($"{FormatVariable}: unknown format '{formatText}'; simple or json"),
        };

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o =>
        {
            o.FormatterName = formatter;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // Not AddSimpleConsole/AddJsonConsole: each of those also forces its own formatter name.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.SetMinimumLevel(level);
        if (level > LogLevel.Debug)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            // Orleans logs every start-up step and Polly every placement retry at Information: noise for an operator.
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
        }
    }
}
