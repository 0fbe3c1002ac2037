namespace Synth.Runtime.Grains;

/// <summary>The grain class may only be activated on silos that have all these tags (e.g. "gpu").</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresSiloTagsAttribute(params string[] tags) : Attribute
{
    public IReadOnlyList<string> Tags { get; } = tags;
}
