using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Synth.Storage;

/// <summary>
/// The <see cref="IArtifactUpload.Content"/> of the remote stores: cuts what is written into
/// fixed-size blocks and hands each full block to the store's "stage a block" call (Azure Put
/// Block, S3 UploadPart) while the writer goes on filling the next one. At most
/// <c>maxInFlight</c> blocks are being sent at once; a writer that gets ahead waits, so memory
/// stays at (maxInFlight + 1) blocks whatever the object's size.
/// </summary>
/// <remarks>
/// Nothing is sent until the first block is full, so an object smaller than one block can be
/// stored with a single request at commit (<see cref="BlockUploadResult.SingleBlock"/>).
/// A failed block fails the next write and the commit; blocks are never skipped.
/// </remarks>
internal sealed class BlockUploadStream : Stream
{
    /// <summary>Sends one block; the index counts from 0 in the order the bytes were written.</summary>
    public delegate Task StageBlockAsync(int index, ReadOnlyMemory<byte> block, CancellationToken cancellationToken);

    private readonly int _blockSize;
    private readonly int _maxBlocks;
    private readonly StageBlockAsync _stage;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _inFlight = [];
    private byte[]? _current;
    private int _currentLength;
    private int _blocksStarted;
    private long _written;
    private bool _writingEnded;
    private bool _finished;
    private ExceptionDispatchInfo? _failure;

    public BlockUploadStream(int blockSize, int maxInFlight, int maxBlocks, StageBlockAsync stage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _blockSize = blockSize;
        _maxBlocks = maxBlocks;
        _stage = stage;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_writingEnded && !_finished;
    public override long Length => throw new NotSupportedException("An upload's content cannot be measured while it is written.");

    /// <summary>Bytes written so far.</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("An upload's content is forward-only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var copied = CopyIntoCurrent(buffer);
            buffer = buffer[copied..];
            if (_currentLength == _blockSize)
            {
                // A synchronous writer waits for a free slot by blocking: there is no
                // synchronization context here to deadlock on.
                _slots.Wait(_abort.Token);
                StartStaging();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var copied = CopyIntoCurrent(buffer.Span);
            buffer = buffer[copied..];
            if (_currentLength == _blockSize)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                StartStaging();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    // Blocks go out when full; flushing early would make small blocks for nothing.
    public override void Flush() => ThrowIfFailed();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An upload's content is write-only.");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An upload's content is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("An upload's content is forward-only.");

    /// <summary>
    /// Ends the writing and waits for every block to be stored. With no block sent yet, the bytes
    /// are handed back whole (<see cref="BlockUploadResult.SingleBlock"/>), to be stored in one
    /// request; otherwise the last partial block is staged too.
    /// </summary>
    public async Task<BlockUploadResult> FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished) throw new InvalidOperationException("The upload was already finished.");
        _writingEnded = true;
        ThrowIfFailed();
        if (_blocksStarted == 0)
        {
            _finished = true;
            var bytes = _current is null ? [] : _current.AsSpan(0, _currentLength).ToArray();
            ReturnCurrent();
            return new BlockUploadResult(_written, 0, bytes);
        }

        if (_currentLength > 0)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            StartStaging();
        }

        Task[] pending;
        lock (_inFlight) pending = [.. _inFlight];
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFailed();
        _finished = true;
        return new BlockUploadResult(_written, _blocksStarted, null);
    }

    /// <summary>Stops sending blocks and waits until none is in flight.</summary>
    public async Task AbandonAsync()
    {
        _writingEnded = true;
        _finished = true;
        await _abort.CancelAsync().ConfigureAwait(false);
        Task[] pending;
        lock (_inFlight) pending = [.. _inFlight];
        await Task.WhenAll(pending).ConfigureAwait(false);
        ReturnCurrent();
    }

    // Disposing ends the writing only: a StreamWriter around the content disposes it before the
    // caller commits.
    protected override void Dispose(bool disposing)
    {
        _writingEnded = true;
        base.Dispose(disposing);
    }

    private int CopyIntoCurrent(ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_writingEnded, this);
        ThrowIfFailed();
        _current ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        var count = Math.Min(source.Length, _blockSize - _currentLength);
        source[..count].CopyTo(_current.AsSpan(_currentLength));
        _currentLength += count;
        _written += count;
        return count;
    }

    // Called holding a slot; the slot is released when the block is stored.
    private void StartStaging()
    {
        var index = _blocksStarted;
        if (index >= _maxBlocks)
        {
            _slots.Release();
            throw new ArtifactStoreException($"The object would need more than {_maxBlocks} blocks of {_blockSize} bytes; configure a larger block size.");
        }

        _blocksStarted++;
        var block = _current!;
        var length = _currentLength;
        _current = null;
        _currentLength = 0;
        var task = StageAsync(index, block, length);
        lock (_inFlight)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(task);
        }
    }

    private async Task StageAsync(int index, byte[] block, int length)
    {
        try
        {
            await Task.Yield(); // the writer goes on while the block is sent
            await _stage(index, block.AsMemory(0, length), _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Kept for the next write or the commit to throw; the task itself ends quietly so a
            // finished block's task can be dropped without leaving an unobserved exception.
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
            _slots.Release();
        }
    }

    private void ThrowIfFailed() => _failure?.Throw();

    private void ReturnCurrent()
    {
        if (_current is null) return;
        ArrayPool<byte>.Shared.Return(_current);
        _current = null;
        _currentLength = 0;
    }
}
