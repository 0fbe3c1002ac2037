using System.Text.Json.Nodes;

namespace Synth.Core.Streams;

/// <summary>RFC 7386 JSON merge patch: objects merge member by member, null removes a member, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject) Apply(targetObject, patchObject);
            else target[key] = value.DeepClone();
        }
    }
}
