namespace Synth.Grains.Streams;

/// <summary>
/// Where a stream's records go (docs/streams.md, "Sinks"). One record type for every kind, with the
/// settings of each kind optional, so that a definition reads the same in JSON as it is kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("synth.streams.SinkSpec")]
public sealed record SinkSpec
{
    /// <summary>files, webhook, rabbitmq, postgres, kafka or discard.</summary>
    [Id(0)]
    public required string Kind { get; init; }

    /// <summary>Unique within the stream (its health and checkpoint go by it); default: the kind.</summary>
    [Id(1)]
    public string? Name { get; init; }

    /// <summary>webhook: the URL batches are POSTed to (http or https).</summary>
    [Id(2)]
    public string? Url { get; init; }

    /// <summary>webhook: the key of the HMAC-SHA256 signature header; none: unsigned.</summary>
    [Id(3)]
    public string? Secret { get; init; }

    /// <summary>webhook: json (an array per batch) or jsonl (a line per record), default jsonl.</summary>
    [Id(4)]
    public string? Format { get; init; }

    /// <summary>rabbitmq: an AMQP URI; postgres: an Npgsql connection string; kafka: the bootstrap servers.</summary>
    [Id(5)]
    public string? Connection { get; init; }

    /// <summary>rabbitmq: the exchange ("" is the default exchange, which routes by queue name).</summary>
    [Id(6)]
    public string? Exchange { get; init; }

    /// <summary>rabbitmq: the routing key.</summary>
    [Id(7)]
    public string? RoutingKey { get; init; }

    /// <summary>postgres: the table (created from the schema when absent), optionally schema-qualified.</summary>
    [Id(8)]
    public string? Table { get; init; }

    /// <summary>kafka: the topic.</summary>
    [Id(9)]
    public string? Topic { get; init; }

    /// <summary>kafka: the field whose value is each message's key; none: no key.</summary>
    [Id(10)]
    public string? KeyField { get; init; }

    /// <summary>Its name, or its kind when it has none. (A method: grain-state serializers write every property.)</summary>
    public string SinkName() => Name ?? Kind;

    /// <summary>The kinds a stream delivers to.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["files", "webhook", "rabbitmq", "postgres", "kafka", "discard"];

    /// <summary>The sinks of a stream that names none: rolling files of the artifact store.</summary>
    public static IReadOnlyList<SinkSpec> Default { get; } = [new() { Kind = "files" }];

    /// <summary>The same sink with its secrets hidden (webhook key, connection passwords), as the API shows it.</summary>
    public SinkSpec Redacted() => this with
    {
        Secret = Secret is null ? null : "***",
        Connection = Connection is null ? null : ConnectionRedaction.Redact(Connection),
    };
}
