namespace Synth.Bench.Bogus;

/// <summary>One row of the seed example schema (see shared DESIGN.md), as Bogus users model it: a POCO.</summary>
public sealed class SeedRow
{
    public int Id { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    /// <summary>Full name, "First Last".</summary>
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Normal(50000, 20000), clipped at 0.</summary>
    public double Income { get; set; }

    /// <summary>Uniform between 2020-01-01 and 2023-12-31 (inclusive).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>active / inactive / pending with probabilities 0.7 / 0.2 / 0.1.</summary>
    public string Status { get; set; } = "";
}
