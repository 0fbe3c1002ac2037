namespace Synth.Grains.Placement;

/// <summary>The tags this silo offers (<c>synth silo --tags gpu</c>, configuration <c>Synth:Silo:Tags</c>).</summary>
public sealed class SiloTagsOptions
{
    /// <summary>Tags such as <c>gpu</c>: lower-case letters, digits, '-' and '_'. Default none.</summary>
    public List<string> Tags { get; set; } = [];
}
