namespace Synth.Core.Schema;

/// <summary>
/// Every problem found in a schema, with its JSON path. At most <see cref="MaxErrors"/> are kept
/// (then one line says how many more), so a schema of a hundred thousand bad items yields a short
/// answer, not a huge one.
/// </summary>
public sealed class SchemaException : Exception
{
    public const int MaxErrors = 100;

    public SchemaException(IReadOnlyList<SchemaError> errors)
        : this(Capped(errors), 0)
    {
    }

    private SchemaException(IReadOnlyList<SchemaError> errors, int _)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<SchemaError> Errors { get; }

    private static IReadOnlyList<SchemaError> Capped(IReadOnlyList<SchemaError> errors) =>
        errors.Count <= MaxErrors
            ? errors
            : [.. errors.Take(MaxErrors), new SchemaError("$", $"… and {errors.Count - MaxErrors:N0} more problems")];
}
