namespace Synth.Core.Schema;

/// <summary>The schemas <c>synth schema create-example</c> writes: the seed's tabular example and a time series, a relational one.</summary>
public static class ExampleSchemas
{
    public const string Tabular = """
        {
          "id": {"type": "int", "min": 1000, "max": 9999},
          "name": {"type": "name"},
          "email": {"type": "email"},
          "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0},
          "created_at": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2023-12-31"},
          "status": {"type": "category", "categories": ["active", "inactive", "pending"], "probabilities": [0.7, 0.2, 0.1]}
        }

        """;

    public const string TimeSeries = """
        {
          "timestamp": {"type": "datetime", "start_date": "2024-01-01"},
          "sensor_id": {"type": "category", "categories": ["s-01", "s-02", "s-03"]},
          "temperature": {"type": "float", "mean": 20, "std": 1.5, "decimals": 2},
          "load": {"type": "float", "distribution": "lognormal", "mean": 3, "std": 0.25, "decimals": 1},
          "requests": {"type": "int", "distribution": "poisson", "lambda": 40},
          "time_field": "timestamp",
          "time_interval_seconds": 3600,
          "trends": {"load": {"type": "linear", "strength": 0.05}},
          "seasonality": {"temperature": [{"period": 24, "amplitude": 4}, {"period": 168, "amplitude": 1.5}],
                          "requests": {"period": 24, "amplitude": 15}},
          "noise": {"temperature": 0.3}
        }

        """;

    /// <summary>
    /// Customers, their orders and the orders' lines, with a product table: children per parent,
    /// a composite key, parent values in an expression and in <c>when</c>.
    /// </summary>
    public const string Relational = """
        {
          "tables": {
            "products": {
              "rows": 500,
              "primary_key": "id",
              "fields": {
                "id": {"type": "int", "expression": "row + 1"},
                "sku": {"type": "string", "template": "SKU-{#####}", "unique": true},
                "category": {"type": "category", "categories": ["books", "electronics", "garden", "toys"], "probabilities": [0.4, 0.2, 0.25, 0.15]},
                "price": {"type": "float", "distribution": "lognormal", "mean": 3, "std": 0.8, "min": 1, "max": 2000, "decimals": 2}
              }
            },
            "customers": {
              "primary_key": "id",
              "fields": {
                "id": {"type": "int", "expression": "row + 1"},
                "name": {"type": "name"},
                "email": {"type": "email", "unique": true},
                "tier": {"type": "category", "categories": ["basic", "plus", "premium"], "probabilities": [0.7, 0.2, 0.1]},
                "signed_up": {"type": "datetime", "start_date": "2020-01-01", "end_date": "2024-12-31"}
              }
            },
            "orders": {
              "primary_key": "id",
              "fields": {
                "id": {"type": "int", "expression": "row + 1"},
                "customer_id": {"type": "ref", "table": "customers", "field": "id",
                                "per_parent": {"distribution": "poisson", "lambda": 3, "max": 40}},
                "days_after_signup": {"type": "int", "distribution": "exponential", "scale": 90, "max": 1500},
                "ordered_at": {"type": "datetime", "expression": "customers.signed_up + days_after_signup * 86400"},
                "status": {"type": "category", "categories": ["placed", "shipped", "delivered", "returned"],
                           "probabilities": [0.1, 0.2, 0.62, 0.08],
                           "when": {"customers.tier": {"premium": {"probabilities": [0.1, 0.2, 0.68, 0.02]}}}}
              }
            },
            "order_lines": {
              "primary_key": ["order_id", "line_no"],
              "fields": {
                "order_id": {"type": "ref", "table": "orders", "field": "id",
                             "per_parent": {"distribution": "poisson", "lambda": 1.5, "min": 1, "max": 20}},
                "line_no": {"type": "int", "expression": "child + 1"},
                "product_id": {"type": "ref", "table": "products", "field": "id"},
                "quantity": {"type": "int", "distribution": "zipf", "s": 2, "n": 10},
                "unit_price": {"type": "float", "expression": "products.price", "decimals": 2},
                "line_total": {"type": "float", "expression": "products.price * quantity", "decimals": 2}
              }
            }
          }
        }

        """;

    /// <summary>The kinds <see cref="For"/> knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["tabular", "timeseries", "relational"];

    public static string For(string kind) => kind switch
    {
        "tabular" => Tabular,
        "timeseries" => TimeSeries,
        "relational" => Relational,
        _ => throw new ArgumentException($"unknown example '{kind}'; one of {string.Join(", ", Kinds)}", nameof(kind)),
    };
}
