namespace Synth.Api.Access;

/// <summary>Authentication, bound from "Synth:Auth" (Synth__Auth__Mode, Synth__Auth__Jwt__Issuer, …).</summary>
public sealed class SynthAuthOptions
{
    public const string SectionName = "Synth:Auth";

    /// <summary>How callers are identified. Default <see cref="AuthMode.None"/> for <c>synth serve</c>, <see cref="AuthMode.Keys"/> for <c>synth api</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.None;

    public JwtAuthOptions Jwt { get; set; } = new();

    public HeaderAuthOptions Headers { get; set; } = new();
}
