namespace Synth.Api;

/// <summary>Limits and defaults of the HTTP API, bound from "Synth:Api" (Synth__Api__MaxRequestBodyBytes, …).</summary>
public sealed class SynthApiOptions
{
    public const string SectionName = "Synth:Api";

    /// <summary>Largest request body accepted, in bytes; a larger one gets 413. Default 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest dataset upload (<c>POST /datasets</c>), in bytes; a larger one gets 413. Default 256 MiB.</summary>
    public long MaxDatasetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Privacy budget of a dataset whose upload names none: ε (at <see cref="DefaultDatasetDelta"/>). Default 1.</summary>
    public double DefaultDatasetEpsilon { get; set; } = 1.0;

    /// <summary>δ of a dataset's budget when the upload names none. Default 1e-9.</summary>
    public double DefaultDatasetDelta { get; set; } = 1e-9;

    /// <summary>Most rows <c>POST /generate</c> returns synchronously; more gets 413 (submit a job instead). Default 10,000.</summary>
    public long MaxGenerateRows { get; set; } = 10_000;

    /// <summary>Seed of a request that names none. Default SYNTH_SEED when set, else 42 (as <c>synth run</c>).</summary>
    public ulong DefaultSeed { get; set; } = ulong.TryParse(Environment.GetEnvironmentVariable("SYNTH_SEED"), out var seed) ? seed : 42;

    /// <summary>Most output files (parts) one job may ask for. Default 1,000.</summary>
    public int MaxParts { get; set; } = 1000;

    /// <summary>
    /// Folder of the built dashboard (index.html and assets/, from web/dashboard). Default: wwwroot
    /// beside Synth.Api.dll, where the build copies it. Without an index.html there, <c>/</c> says how to build it.
    /// </summary>
    public string? DashboardDirectory { get; set; }
}
