namespace Synth.Api.Problems;

/// <summary>Problems collected while checking a request, keyed by field name (or schema JSON path), in the order found.</summary>
internal sealed class ValidationErrors : Dictionary<string, List<string>>
{
    public ValidationErrors()
        : base(StringComparer.Ordinal)
    {
    }

    public void Add(string field, string message)
    {
        if (!TryGetValue(field, out var messages)) this[field] = messages = [];
        messages.Add(message);
    }

    public bool Any => Count > 0;
}
