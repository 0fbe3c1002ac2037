namespace Synth.Runtime.Calls;

/// <summary>The grain method threw; carries the remote exception's type and message.</summary>
public sealed class GrainCallException(string grain, string method, string remoteType, string remoteMessage)
    : Exception($"{grain}.{method} failed: {remoteType}: {remoteMessage}")
{
    public string RemoteType { get; } = remoteType;

    public string RemoteMessage { get; } = remoteMessage;
}
