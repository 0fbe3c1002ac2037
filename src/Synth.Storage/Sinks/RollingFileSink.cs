using System.Buffers;
using System.Globalization;

namespace Synth.Storage.Sinks;

/// <summary>
/// Rolling files in the artifact store, named after their first record
/// (<c>{prefix}/{first:D15}.{format}</c>): a file is closed, which publishes it atomically, once it
/// holds <c>rollRecords</c> records or is <c>rollSeconds</c> old. Its records are acknowledged when
/// it closes; the open file's are lost with a failure and made again, the same bytes.
/// </summary>
public sealed class RollingFileSink(
    IArtifactStore artifacts, string keyPrefix, string format, ReadOnlyMemory<byte> header, long rollRecords, double rollSeconds, long from) : IStreamSink
{
    /// <summary>The open file's bytes go to the store in pieces of this size (a slow stream's file may close before it needs one).</summary>
    private const int FlushBytes = 1 << 20;

    /// <summary>A batch of at least this many bytes is written as it is, not copied into the buffer (a stream flat out makes them while it waits).</summary>
    private const int DirectBytes = 256 << 10;

    // Small to start with: a slow stream holds its open file here until it rolls (10,000 streams on a silo must fit in memory).
    private ArrayBufferWriter<byte> _buffer = new(256);

    // A full buffer goes to the store while the stream makes the next records into the other one.
    private ArrayBufferWriter<byte> _sendingBuffer = new(256);
    private Task? _sending;
    private readonly List<ClosedFile> _closed = [];
    private IArtifactUpload? _upload;
    private bool _open;
    private long _first;
    private DateTimeOffset _openedAt;

    public string Format => format;

    public long Position { get; private set; } = from;

    public long Acked { get; private set; } = from;

    public long Accepts => _open ? rollRecords - (Position - _first) : rollRecords;

    /// <summary>Whether a file closed since the last <see cref="TakeClosed"/>.</summary>
    public bool HasClosed => _closed.Count > 0;

    /// <summary>The files closed since the last call, oldest first.</summary>
    public List<ClosedFile> TakeClosed()
    {
        var closed = new List<ClosedFile>(_closed);
        _closed.Clear();
        return closed;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken)
    {
        try
        {
            if (!_open)
            {
                _first = Position;
                _openedAt = DateTimeOffset.UtcNow;
                _open = true;
                _buffer.Write(header.Span);
            }
            if (records.Length >= DirectBytes)
            {
                // A large batch goes to the store as it is, after what the buffer holds: copying it first would cost more than the wait.
                await SendAsync(cancellationToken);
                await SentAsync();
                _upload ??= await artifacts.BeginUploadAsync(Key(_first), cancellationToken);
                await _upload.Content.WriteAsync(records, cancellationToken);
            }
            else
            {
                _buffer.Write(records.Span);
            }
            Position += count;
            if (_buffer.WrittenCount >= FlushBytes) await SendAsync(cancellationToken);
            if (Position - _first >= rollRecords) await CloseAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await AbandonAsync();
            throw;
        }
    }

    public async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        if (!_open || (DateTimeOffset.UtcNow - _openedAt).TotalSeconds < rollSeconds) return;
        await FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CloseAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await AbandonAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await AbandonAsync();

    private string Key(long first) => string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}/{first:D15}.{format}");

    /// <summary>Starts writing the buffer to the store (after the previous piece is written), and goes on with the other buffer.</summary>
    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0) return;
        _upload ??= await artifacts.BeginUploadAsync(Key(_first), cancellationToken);
        await SentAsync();
        (_buffer, _sendingBuffer) = (_sendingBuffer, _buffer);
        _buffer.ResetWrittenCount();
        _sending = _upload.Content.WriteAsync(_sendingBuffer.WrittenMemory, cancellationToken).AsTask();
    }

    /// <summary>Waits until the piece being written is written.</summary>
    private async Task SentAsync()
    {
        if (_sending is null) return;
        var sending = _sending;
        _sending = null;
        await sending;
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!_open) return;
        await SendAsync(cancellationToken);
        await SentAsync();
        var upload = _upload!;
        await upload.Content.FlushAsync(cancellationToken);
        var info = await upload.CommitAsync(cancellationToken);
        await upload.DisposeAsync();
        _upload = null;
        _open = false;
        _closed.Add(new ClosedFile(info.Key, _first, Position - _first, info.Length));
        Acked = Position;
    }

    /// <summary>Forgets the open file (nothing of it is published) and goes back to the last closed one.</summary>
    private async Task AbandonAsync()
    {
        _buffer.ResetWrittenCount();
        _open = false;
        Position = Acked;
        if (_upload is null) return;
        var upload = _upload;
        _upload = null;
        try
        {
            await SentAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The piece being written failed too: the upload is aborted below either way.
        }
        try
        {
            await upload.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Disposing aborts the upload; a store that fails even that leaves an unpublished upload behind, never a published file.
        }
    }
}
