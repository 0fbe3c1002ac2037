using Synth.Grains.Access;

namespace Synth.Api.Access;

/// <summary>The answer of <c>GET /keys</c>: every key, oldest first, revoked ones too.</summary>
public sealed record KeyList(IReadOnlyList<ApiKeyInfo> Keys);
