using Confluent.Kafka;

namespace Synth.Storage.Sinks;

/// <summary>
/// A silo's Kafka producers, one per cluster (bootstrap servers), shared by the streams' sinks: a
/// producer is a client with its own threads, connections and buffers, built to carry many topics and
/// callers, so 10,000 streams into one cluster hold one. Idempotent, with <c>acks=all</c>. A producer
/// that hit a fatal error (an idempotent producer's sequence broken) is replaced.
/// </summary>
public sealed class KafkaProducers : IDisposable
{
    private readonly Dictionary<string, IProducer<byte[]?, byte[]>> _byCluster = [];

    /// <summary>The producer for the cluster at <paramref name="bootstrapServers"/>.</summary>
    public IProducer<byte[]?, byte[]> For(string bootstrapServers)
    {
        lock (_byCluster)
        {
            if (!_byCluster.TryGetValue(bootstrapServers, out var producer))
            {
                _byCluster[bootstrapServers] = producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
                {
                    BootstrapServers = bootstrapServers,
                    ClientId = "synth-silo",
                    EnableIdempotence = true,
                    Acks = Acks.All,
                    MessageTimeoutMs = 30_000,
                }).Build();
            }
            return producer;
        }
    }

    /// <summary>Drops <paramref name="producer"/> after a fatal error: the next <see cref="For"/> builds a new one.</summary>
    public void Replace(IProducer<byte[]?, byte[]> producer)
    {
        lock (_byCluster)
        {
            foreach (var (servers, held) in _byCluster)
            {
                if (!ReferenceEquals(held, producer)) continue;
                _byCluster.Remove(servers);
                producer.Dispose();
                return;
            }
        }
    }

    public void Dispose()
    {
        lock (_byCluster)
        {
            foreach (var producer in _byCluster.Values) producer.Dispose();
            _byCluster.Clear();
        }
    }
}
