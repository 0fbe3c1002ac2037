namespace Synth.Grains.Streams;

/// <summary>The ids of the streams of one index shard (<see cref="StreamIndex"/>), with their owners, for listings, and which of them are stopped for good.</summary>
[Alias("synth.streams.IStreamIndexGrain")]
public interface IStreamIndexGrain : IGrainWithStringKey
{
    [Alias("AddOwned")]
    Task AddAsync(string streamId, string? owner);

    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>The streams of <paramref name="owner"/> (and those indexed before owners were: their owner is read from the stream).</summary>
    [Alias("ListOwned")]
    Task<IReadOnlyList<string>> ListOwnedAsync(string owner);

    /// <summary>The stream has stopped (a stopped stream never runs again).</summary>
    [Alias("Stopped")]
    Task StoppedAsync(string streamId);

    /// <summary>The streams not stopped: running, paused or degraded.</summary>
    [Alias("ListLive")]
    Task<IReadOnlyList<string>> ListLiveAsync();
}

/// <summary>
/// The stream index is cut into <see cref="Shards"/> grains by a hash of the id: each start rewrites
/// one shard's list, so creating 10,000 streams does not rewrite one ever-growing list 10,000 times.
/// </summary>
public static class StreamIndex
{
    public const int Shards = 64;

    public static string ShardOf(string streamId) =>
        (System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(streamId)) % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every stream id, from every shard.</summary>
    public static async Task<List<string>> ListAllAsync(IGrainFactory grains)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => Shard(grains, i).ListAsync()));
        return [.. shards.SelectMany(s => s)];
    }

    /// <summary>
    /// The ids of the streams <paramref name="owner"/> may own, from every shard (every stream when
    /// null): a user's listing reads only those streams, not every stream of the cluster.
    /// </summary>
    public static async Task<List<string>> ListOwnedAsync(IGrainFactory grains, string? owner)
    {
        if (owner is null) return await ListAllAsync(grains);
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => Shard(grains, i).ListOwnedAsync(owner)));
        return [.. shards.SelectMany(s => s)];
    }

    /// <summary>The ids of the streams not stopped, from every shard.</summary>
    public static async Task<List<string>> ListLiveAsync(IGrainFactory grains)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => Shard(grains, i).ListLiveAsync()));
        return [.. shards.SelectMany(s => s)];
    }

    private static IStreamIndexGrain Shard(IGrainFactory grains, int shard) =>
        grains.GetGrain<IStreamIndexGrain>(shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
