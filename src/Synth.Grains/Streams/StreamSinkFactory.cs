using System.Buffers;
using Synth.Core.Formats;
using Synth.Core.Formats.Text;
using Synth.Storage;
using Synth.Storage.Sinks;

namespace Synth.Grains.Streams;

/// <summary>Makes a stream's sinks from their specs (<see cref="SinkSpec"/>), each resuming at its checkpoint.</summary>
internal sealed class StreamSinkFactory(IArtifactStore artifacts)
{
    // One client for every webhook of the silo: connections are pooled per host, and renewed so DNS changes are seen.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own (WebhookSink.AttemptTimeout)
    };

    // Likewise one set of connections per broker for every RabbitMQ sink of the silo (a channel each), and one producer per Kafka cluster.
    private static readonly RabbitMqConnections RabbitMq = new();
    private static readonly KafkaProducers Kafka = new();

    public IStreamSink Create(string streamId, StreamSpec stream, SinkSpec sink, StreamRecords records, long from) => sink.Kind switch
    {
        "files" => new RollingFileSink(artifacts, $"streams/{streamId}", stream.Format, Header(records), stream.RollRecords, stream.RollSeconds, from),
        "webhook" => new WebhookSink(Http, new Uri(sink.Url!), streamId, sink.Format == "json", sink.Secret, from),
        "rabbitmq" => new RabbitMqSink(RabbitMq, new Uri(sink.Connection!), sink.Exchange ?? "", sink.RoutingKey ?? "", streamId, from),
        "postgres" => PostgresSink(sink, records, from),
        "kafka" => new KafkaSink(Kafka, sink.Connection!, sink.Topic!, sink.KeyField, from),
        "discard" => new DiscardSink(from),
        _ => throw new ArgumentException($"sinks: no sink of kind '{sink.Kind}'"),
    };

    private static ReadOnlyMemory<byte> Header(StreamRecords records)
    {
        var header = new ArrayBufferWriter<byte>(256);
        records.WriteHeader(header);
        return header.WrittenMemory;
    }

    private static PostgresCopySink PostgresSink(SinkSpec sink, StreamRecords records, long from)
    {
        var sql = new SqlFormat(new FormatOptions { SqlDialect = SqlDialect.Postgres });
        var table = string.Join('.', sink.Table!.Split('.').Select(sql.QuoteIdentifier));
        var columns = string.Join(", ", records.Layout.Columns.Select(c => sql.QuoteIdentifier(c.Name)));
        return new PostgresCopySink(sink.Connection!, sql.CreateTableStatement(records.Layout, table), $"COPY {table} ({columns}) FROM STDIN (FORMAT csv)", from);
    }
}
