namespace Synth.Core.Data;

/// <summary>A column that points at a key of another table.</summary>
public sealed record ForeignKey(string Column, string Table, string TableColumn);
