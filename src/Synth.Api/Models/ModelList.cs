using Synth.Grains.Models;

namespace Synth.Api.Models;

/// <summary>Answer of <c>GET /models?datasetId=</c>.</summary>
public sealed record ModelList(IReadOnlyList<ModelInfo> Models);
