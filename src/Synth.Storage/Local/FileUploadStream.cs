namespace Synth.Storage.Local;

/// <summary>
/// The <see cref="IArtifactUpload.Content"/> of a local upload: a write-only, forward-only face
/// on the temporary file. Disposing it only ends the writing; the file stays open for the
/// commit (which flushes it to disk before the rename) or the abort (which deletes it). On Linux
/// the bytes go to the disk directly (<see cref="DirectFileWriter"/>); elsewhere through the file.
/// </summary>
internal sealed class FileUploadStream : Stream
{
    private readonly FileStream _file;
    private readonly DirectFileWriter? _direct;
    private readonly EarlyWriteback? _writeback; // only for writes through the page cache
    private bool _writingEnded;

    public FileUploadStream(FileStream file)
    {
        _file = file;
        _direct = DirectFileWriter.TryCreate(file.SafeFileHandle);
        _writeback = _direct is null ? new EarlyWriteback(file.SafeFileHandle) : null;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_writingEnded;
    public override long Length => throw new NotSupportedException("An upload's content cannot be measured while it is written.");

    public override long Position
    {
        get => _direct?.Length ?? _file.Position;
        set => throw new NotSupportedException("An upload's content is forward-only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_writingEnded, this);
        if (_direct is not null)
        {
            _direct.Write(buffer);
            return;
        }
        _file.Write(buffer);
        _writeback?.Written(_file.Position);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_writingEnded, this);
        if (_direct is not null)
        {
            await _direct.WriteAsync(buffer).ConfigureAwait(false);
            return;
        }
        await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _writeback?.Written(_file.Position);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        if (!_writingEnded) _file.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _writingEnded ? Task.CompletedTask : _file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An upload's content is write-only.");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An upload's content is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("An upload's content is forward-only.");

    /// <summary>Ends the writing for good (commit and abort call this before they touch the file); with <paramref name="complete"/>, the file then holds every byte written.</summary>
    public void EndWriting(bool complete = false)
    {
        _writingEnded = true;
        if (complete) _direct?.Finish();
    }

    protected override void Dispose(bool disposing)
    {
        _writingEnded = true;
        base.Dispose(disposing);
    }

    /// <summary>Frees the direct writer's buffer (the upload calls this once the file is closed).</summary>
    public void Release() => _direct?.Dispose();
}
