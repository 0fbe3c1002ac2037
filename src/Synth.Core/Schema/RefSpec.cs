namespace Synth.Core.Schema;

/// <summary>
/// A foreign key field: its value is <see cref="Field"/> of one row of <see cref="Table"/>. With
/// <see cref="PerParent"/> the child table's rows come from its parents (each parent has that
/// many children, drawn from the distribution); without, the table has its own row count and
/// each row points at a parent drawn uniformly (one-to-one when the field is unique).
/// </summary>
/// <param name="Table">The parent table.</param>
/// <param name="Field">The parent's key field.</param>
/// <param name="PerParent">Children per parent: an int spec (distribution, min, max); null for a uniform pick.</param>
public sealed record RefSpec(string Table, string Field, FieldSpec? PerParent);
