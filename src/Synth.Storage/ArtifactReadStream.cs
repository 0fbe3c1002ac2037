namespace Synth.Storage;

/// <summary>
/// What <see cref="IArtifactStore.OpenReadAsync"/> returns: a read-only, forward-only view of
/// <c>inner</c> that ends after <c>limit</c> bytes (when given) and, when disposed, also disposes
/// whatever the bytes came with (an HTTP response, an SDK response object).
/// </summary>
internal sealed class ArtifactReadStream : Stream
{
    private readonly Stream _inner;
    private readonly IDisposable? _owner;
    private long? _remaining;
    private long _position;

    public ArtifactReadStream(Stream inner, long? limit = null, IDisposable? owner = null)
    {
        _inner = inner;
        _remaining = limit;
        _owner = owner;
    }

    /// <summary>An empty stream, for empty ranges.</summary>
    public static Stream Empty() => new MemoryStream([], writable: false);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("An artifact stream is forward-only.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("An artifact stream is forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Limit(buffer.Length);
        return n == 0 ? 0 : Advance(_inner.Read(buffer[..n]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = Limit(buffer.Length);
        if (n == 0) return 0;
        var read = await _inner.ReadAsync(buffer[..n], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An artifact stream is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("An artifact stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An artifact stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Limit(int wanted) => _remaining is { } remaining ? (int)Math.Min(wanted, remaining) : wanted;

    private int Advance(int read)
    {
        _position += read;
        if (_remaining is not null) _remaining -= read;
        return read;
    }
}
