using System.Text;
using Confluent.Kafka;
using Synth.Storage.Sinks;

namespace Synth.Storage.Tests.Sinks;

/// <summary>
/// The Kafka sink. No Kafka broker can be installed on these machines: the test that produces
/// runs when SYNTH_TEST_KAFKA names one (host:port) and is reported skipped otherwise.
/// </summary>
public sealed class KafkaSinkTests
{
    [Theory]
    [InlineData("{\"id\":\"C0001\",\"n\":1}", "id", "C0001")]
    [InlineData("{\"n\":{\"id\":\"inner\"},\"id\":42}", "id", "42")]
    [InlineData("{\"id\":null}", "id", null)]
    [InlineData("{\"other\":1}", "id", null)]
    public void The_message_key_is_the_key_fields_value_as_text(string record, string field, string? key)
    {
        var bytes = KafkaSink.KeyOf(Encoding.UTF8.GetBytes(record), field);

        (bytes is null ? null : Encoding.UTF8.GetString(bytes)).Should().Be(key);
    }

    [Fact]
    public void Sinks_into_one_cluster_share_its_producer_and_a_replaced_one_is_built_again()
    {
        using var producers = new KafkaProducers();

        var first = producers.For("127.0.0.1:19092");
        producers.For("127.0.0.1:19092").Should().BeSameAs(first);
        producers.For("127.0.0.1:19093").Should().NotBeSameAs(first, "another cluster has its own");
        producers.Replace(first);
        producers.For("127.0.0.1:19092").Should().NotBeSameAs(first);
    }

    [KafkaFact]
    public async Task Each_record_is_one_message_keyed_by_its_field_and_acknowledged_by_all_replicas()
    {
        var servers = Environment.GetEnvironmentVariable(KafkaFactAttribute.Variable)!;
        var topic = "synth-test-" + Guid.NewGuid().ToString("N")[..8];
        using var producers = new KafkaProducers();
        await using var sink = new KafkaSink(producers, servers, topic, keyField: "id", from: 0);

        await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":\"a\"}\n{\"id\":\"b\"}\n"), 2, CancellationToken.None);

        sink.Acked.Should().Be(2);
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = servers, GroupId = topic, AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(topic);
        var keys = new List<string>();
        while (keys.Count < 2 && consumer.Consume(TimeSpan.FromSeconds(30)) is { } message) keys.Add(message.Message.Key);
        keys.Should().Equal("a", "b");
    }
}

/// <summary>A test that needs a Kafka broker: skipped (and reported so) unless SYNTH_TEST_KAFKA names one.</summary>
public sealed class KafkaFactAttribute : FactAttribute
{
    public const string Variable = "SYNTH_TEST_KAFKA";

    public KafkaFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) Skip = $"no Kafka broker: set {Variable}=host:port to run it (none can be installed on these machines)";
    }
}
