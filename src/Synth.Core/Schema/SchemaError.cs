namespace Synth.Core.Schema;

/// <summary>One problem in a schema, located by a JSON path such as <c>$.income.std</c>.</summary>
public sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
