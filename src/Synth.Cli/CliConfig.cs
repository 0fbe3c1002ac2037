using System.Text.Json.Nodes;
using Synth.Core.Schema;

namespace Synth.Cli;

/// <summary>
/// Settings from a YAML config file (<c>--config</c>) and the environment. Precedence:
/// command-line flag, then environment variable, then config file, then default.
/// <code>
/// seed: 42            # SYNTH_SEED
/// batch_size: 4096    # SYNTH_BATCH_SIZE
/// threads: 2
/// log_level: info     # SYNTH_LOG_LEVEL: debug | info | warning | error
/// frequency: 1.0      # SYNTH_FREQUENCY: seconds between batches of a continuous run
/// drift:              # a continuous run's simple drift
///   enabled: true     # SYNTH_DRIFT_ENABLED
///   interval: 60      # SYNTH_DRIFT_INTERVAL: seconds between moves
///   magnitude: 0.5    # SYNTH_DRIFT_MAGNITUDE: each move, in units of each field's scale
/// </code>
/// </summary>
public sealed class CliConfig
{
    private const int MaxConfigBytes = 1024 * 1024;

    private static readonly string[] Keys = ["seed", "batch_size", "threads", "log_level", "frequency", "drift"];

    private static readonly string[] DriftKeys = ["enabled", "interval", "magnitude"];

    public ulong? Seed { get; private init; }

    public int? BatchSize { get; private init; }

    public int? Threads { get; private init; }

    public string LogLevel { get; private init; } = "info";

    /// <summary>Seconds between the batches of a continuous run.</summary>
    public double? Frequency { get; private init; }

    public bool? DriftEnabled { get; private init; }

    /// <summary>Seconds between the simple drift's moves.</summary>
    public double? DriftInterval { get; private init; }

    public double? DriftMagnitude { get; private init; }

    public static CliConfig Load(string? configFile)
    {
        var file = configFile is null ? new Dictionary<string, string>() : ReadYaml(configFile);
        var problems = new List<string>();
        var config = new CliConfig
        {
            Seed = Parse<ulong>(Env("SYNTH_SEED") ?? Get(file, "seed"), "SYNTH_SEED / seed", ulong.TryParse, problems),
            BatchSize = Positive(Parse<int>(Env("SYNTH_BATCH_SIZE") ?? Get(file, "batch_size"), "SYNTH_BATCH_SIZE / batch_size", int.TryParse, problems), "SYNTH_BATCH_SIZE / batch_size", problems),
            Threads = Positive(Parse<int>(Get(file, "threads"), "threads", int.TryParse, problems), "threads", problems),
            LogLevel = (Env("SYNTH_LOG_LEVEL") ?? Get(file, "log_level") ?? "info").ToLowerInvariant(),
            Frequency = PositiveNumber(Env("SYNTH_FREQUENCY") ?? Get(file, "frequency"), "SYNTH_FREQUENCY / frequency", problems),
            DriftEnabled = Parse<bool>(Env("SYNTH_DRIFT_ENABLED") ?? Get(file, "drift.enabled"), "SYNTH_DRIFT_ENABLED / drift.enabled", bool.TryParse, problems),
            DriftInterval = PositiveNumber(Env("SYNTH_DRIFT_INTERVAL") ?? Get(file, "drift.interval"), "SYNTH_DRIFT_INTERVAL / drift.interval", problems),
            DriftMagnitude = Parse<double>(Env("SYNTH_DRIFT_MAGNITUDE") ?? Get(file, "drift.magnitude"), "SYNTH_DRIFT_MAGNITUDE / drift.magnitude", TryFinite, problems),
        };
        if (config.LogLevel is not ("debug" or "info" or "warning" or "error"))
        {
            problems.Add($"SYNTH_LOG_LEVEL / log_level: '{config.LogLevel}' is not one of debug, info, warning, error");
        }
        if (problems.Count > 0) throw new UsageException(problems);
        return config;
    }

    private delegate bool TryParser<T>(string text, out T value);

    private static T? Parse<T>(string? text, string name, TryParser<T> parse, List<string> problems) where T : struct
    {
        if (text is null) return null;
        if (parse(text, out var value)) return value;
        problems.Add($"{name}: '{text}' is not a valid {typeof(T).Name.ToLowerInvariant()}");
        return null;
    }

    private static int? Positive(int? value, string name, List<string> problems)
    {
        if (value is <= 0)
        {
            problems.Add($"{name}: must be > 0");
            return null;
        }
        return value;
    }

    private static double? PositiveNumber(string? text, string name, List<string> problems)
    {
        var value = Parse<double>(text, name, TryFinite, problems);
        if (value is not (null or > 0))
        {
            problems.Add($"{name}: must be > 0");
            return null;
        }
        return value;
    }

    private static bool TryFinite(string text, out double value) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static string? Get(Dictionary<string, string> file, string key) => file.TryGetValue(key, out var v) ? v : null;

    private static Dictionary<string, string> ReadYaml(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            root = YamlTreeReader.Read(BoundedFile.ReadAllText(path, MaxConfigBytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new UsageException($"--config: {path}: {e.Message}");
        }
        if (root is null) return result;
        if (root is not JsonObject map) throw new UsageException($"--config: {path} must be a mapping of settings");
        var problems = new List<string>();
        foreach (var (key, v) in map)
        {
            if (!Keys.Contains(key)) problems.Add($"--config: {path}: unknown setting '{key}'; known: {string.Join(", ", Keys)}");
            else if (key == "drift" && v is JsonObject drift)
            {
                foreach (var (driftKey, driftValue) in drift)
                {
                    if (!DriftKeys.Contains(driftKey)) problems.Add($"--config: {path}: unknown setting 'drift.{driftKey}'; known: {string.Join(", ", DriftKeys)}");
                    else if (driftValue is JsonValue scalar) result["drift." + driftKey] = scalar.ToString().ToLowerInvariant();
                    else problems.Add($"--config: {path}: 'drift.{driftKey}' must be a single value");
                }
            }
            else if (v is JsonValue value) result[key] = value.ToString();
            else problems.Add($"--config: {path}: '{key}' must be a single value");
        }
        if (problems.Count > 0) throw new UsageException(problems);
        return result;
    }
}
