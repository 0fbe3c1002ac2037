namespace Synth.TestSupport;

/// <summary>
/// The RabbitMQ node that <c>./test</c> starts (scripts/rabbitmq-private.sh). Without its address in
/// the environment, a test that needs it fails and says how to get one: it never passes silently.
/// </summary>
public static class RabbitMqBroker
{
    public const string Variable = "SYNTH_TEST_AMQP";

    public static Uri Uri
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(text)) Assert.Fail($"{Variable} is not set. Run ./test, which starts a private RabbitMQ and exports it.");
            return new Uri(text!);
        }
    }
}
