namespace Synth.Core.Schema;

/// <summary>Thrown when a schema cannot be used; carries every problem found, not just the first.</summary>
public sealed class SchemaException(IReadOnlyList<SchemaError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SchemaError> Errors { get; } = errors;
}
