namespace Synth.Grains.Placement;

/// <summary>
/// No live silo has all the tags a grain requires (<see cref="RequiresSiloTagsAttribute"/>). Thrown at
/// once by placement, never after a wait; the API answers 503 (start a silo with the tags).
/// </summary>
[GenerateSerializer, Alias("Synth.NoSiloWithTagsException")]
public sealed class NoSiloWithTagsException : Exception
{
    public NoSiloWithTagsException(IReadOnlyCollection<string> requiredTags, IReadOnlyCollection<string> missingTags)
        : base(BuildMessage(requiredTags, missingTags))
    {
        RequiredTags = [.. requiredTags];
        MissingTags = [.. missingTags];
    }

    /// <summary>Every tag the grain requires.</summary>
    [Id(0)]
    public string[] RequiredTags { get; private set; }

    /// <summary>
    /// The required tags that no live silo has; when each tag is on some silo but none has them all,
    /// the same as <see cref="RequiredTags"/>.
    /// </summary>
    [Id(1)]
    public string[] MissingTags { get; private set; }

    private static string BuildMessage(IReadOnlyCollection<string> requiredTags, IReadOnlyCollection<string> missingTags) =>
        missingTags.Count == requiredTags.Count && requiredTags.Count > 1 && missingTags.SequenceEqual(requiredTags)
            ? $"No live silo has all of the tags {string.Join(", ", requiredTags)}; start one with --tags {string.Join(',', requiredTags)}."
            : $"No live silo has the tag{(missingTags.Count == 1 ? "" : "s")} {string.Join(", ", missingTags)}; start one with --tags {string.Join(',', requiredTags)}.";
}
