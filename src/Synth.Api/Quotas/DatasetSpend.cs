namespace Synth.Api.Quotas;

/// <summary>What one dataset's budget has spent.</summary>
public sealed record DatasetSpend(string DatasetId, double SpentEpsilon, double SpentRho, double RemainingEpsilon);
