namespace Synth.Grains.Privacy;

/// <summary>Thrown when a budget request conflicts with the budget's state (HTTP 409).</summary>
[GenerateSerializer, Alias("synth.privacy.BudgetConflictException")]
public sealed class BudgetConflictException(string message) : Exception(message);
