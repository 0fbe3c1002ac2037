namespace Synth.Runtime.Calls;

/// <summary>No live silo can host a grain (none alive, or none with the tags it needs); raised at once instead of waiting for a timeout.</summary>
public sealed class NoEligibleSiloException(string grain, IReadOnlyList<string> tags)
    : Exception(tags.Count == 0
        ? $"no live silo can host {grain}: the cluster has no active silo"
        : $"no live silo can host {grain}: none has the tag{(tags.Count == 1 ? "" : "s")} {string.Join(", ", tags.Select(t => $"'{t}'"))}")
{
    public IReadOnlyList<string> Tags { get; } = tags;
}
