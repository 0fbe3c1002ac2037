namespace Synth.Storage.Composition;

/// <summary>
/// What <see cref="ComposedArtifact.OpenReadAsync"/> returns: the slices of the parts, one after
/// the other, each part opened when the reader reaches it and closed when it is used up.
/// </summary>
internal sealed class ComposedArtifactStream : Stream
{
    private readonly IArtifactStore _store;
    private readonly IReadOnlyList<PartSlice> _slices;
    private int _index = -1;
    private Stream? _current;
    private long _leftInCurrent;
    private long _position;

    public ComposedArtifactStream(IArtifactStore store, IReadOnlyList<PartSlice> slices)
    {
        _store = store;
        _slices = slices;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("A composed artifact stream is forward-only.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A composed artifact stream is forward-only.");
    }

    public async Task OpenFirstAsync(CancellationToken cancellationToken)
    {
        if (_slices.Count > 0) await OpenNextAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_current is not null && _leftInCurrent > 0)
            {
                var wanted = (int)Math.Min(buffer.Length, _leftInCurrent);
                var read = await _current.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var slice = _slices[_index];
                    throw new InvalidDataException(
                        $"Part '{slice.Part.Key}' ended {_leftInCurrent} bytes early: the manifest says it has {slice.Part.Length} bytes.");
                }

                _leftInCurrent -= read;
                _position += read;
                return read;
            }

            if (_current is not null) await CloseCurrentAsync().ConfigureAwait(false);
            if (_index + 1 >= _slices.Count) return 0;
            await OpenNextAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The stores only open asynchronously; a synchronous reader waits (there is no
    // synchronization context here to deadlock on).
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A composed artifact stream is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("A composed artifact stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A composed artifact stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        _current = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
        _current = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task OpenNextAsync(CancellationToken cancellationToken)
    {
        _index++;
        var slice = _slices[_index];
        _current = await _store.OpenReadAsync(slice.Part.Key, slice.Offset, slice.Length, cancellationToken).ConfigureAwait(false);
        _leftInCurrent = slice.Length;
    }

    private async Task CloseCurrentAsync()
    {
        var current = _current!;
        _current = null;
        await current.DisposeAsync().ConfigureAwait(false);
    }
}
