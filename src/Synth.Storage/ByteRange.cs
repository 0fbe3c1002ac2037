namespace Synth.Storage;

/// <summary>The range rules of <see cref="IArtifactStore.OpenReadAsync"/>, shared by every store.</summary>
internal static class ByteRange
{
    /// <summary>Throws for a negative offset or length, before anything is asked of a store.</summary>
    public static void ValidateArguments(long offset, long? length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l) ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
    }

    /// <summary>
    /// How many bytes the range holds in an object of <paramref name="objectLength"/> bytes: cut at
    /// the end, 0 when it starts at the end, and an error when it starts beyond it.
    /// </summary>
    public static long CountWithin(string key, long objectLength, long offset, long? length)
    {
        if (offset > objectLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"The range starts at byte {offset}, beyond the end of '{key}' ({objectLength} bytes).");
        }

        var available = objectLength - offset;
        return length is { } l ? Math.Min(l, available) : available;
    }
}
