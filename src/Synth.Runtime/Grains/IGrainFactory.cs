namespace Synth.Runtime.Grains;

/// <summary>Gives references to grains; a reference is cheap and the grain need not be active.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain Get<TGrain>(string key, GrainCallOptions? options = null) where TGrain : IGrain;
}

/// <summary>Per-reference call settings.</summary>
public sealed record GrainCallOptions
{
    /// <summary>How long a call may wait for its reply. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Silo tags required in addition to those the grain class declares.</summary>
    public IReadOnlyList<string> RequiredTags { get; init; } = [];
}
