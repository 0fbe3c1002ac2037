namespace Synth.Core.Tests.Formats.Text;

/// <summary>One row of <see cref="SampleTable"/> as plain .NET values; null means a null cell.</summary>
internal sealed record SampleRow(
    long Id,
    double? Amount,
    double? Score,
    bool? Flag,
    DateTime? CreatedAt,
    DateOnly? Day,
    Guid? Uid,
    string? Note,
    string? Status);
