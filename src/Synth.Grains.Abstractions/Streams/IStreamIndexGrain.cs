namespace Synth.Grains.Streams;

/// <summary>The ids of every stream, for listings (key <see cref="StreamIndex.All"/>).</summary>
[Alias("synth.streams.IStreamIndexGrain")]
public interface IStreamIndexGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string streamId);

    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}

public static class StreamIndex
{
    public const string All = "all";
}
