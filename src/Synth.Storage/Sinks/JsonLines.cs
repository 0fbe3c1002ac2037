namespace Synth.Storage.Sinks;

/// <summary>The records of a JSON Lines batch, one by one, for the sinks that send a message per record.</summary>
public static class JsonLines
{
    /// <summary>Calls <paramref name="each"/> with every non-empty line and its sequence number, from <paramref name="first"/> on.</summary>
    public static void ForEach(ReadOnlyMemory<byte> records, long first, Action<ReadOnlyMemory<byte>, long> each)
    {
        var sequence = first;
        while (!records.IsEmpty)
        {
            var end = records.Span.IndexOf((byte)'\n');
            var line = end < 0 ? records : records[..end];
            records = end < 0 ? ReadOnlyMemory<byte>.Empty : records[(end + 1)..];
            if (line.IsEmpty) continue;
            each(line, sequence++);
        }
    }
}
