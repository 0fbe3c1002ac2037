namespace Synth.Grains.Tests.TestSupport;

public static class Schemas
{
    /// <summary>The seed example: every kind of column a format must handle.</summary>
    public const string Seed = """
        { "id": {"type": "int", "min": 1000, "max": 9999},
          "name": {"type": "name"}, "email": {"type": "email"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "status": {"type": "category", "categories": ["active","inactive","pending"], "probabilities": [0.7, 0.2, 0.1]} }
        """;
}
