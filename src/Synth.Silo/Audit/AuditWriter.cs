using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Synth.Grains.Audit;
using Synth.Grains.Observability;

namespace Synth.Silo.Audit;

/// <summary>
/// Records audit events off the hot path: a recorder only queues its event (a bounded channel) and
/// one background loop writes what has gathered in batches, one transaction each. Nothing is
/// dropped: a batch the database refuses is retried (with backoff) and held meanwhile, so the queue
/// fills; a recorder then waits for room (back-pressure) up to <see cref="AuditOptions.MaxWait"/>, then
/// writes its own event directly, and when that fails too it throws <see cref="AuditUnavailableException"/>:
/// the request fails (503) rather than go unrecorded. After the host stops, events are written directly.
/// </summary>
public sealed partial class AuditWriter : IHostedService, IAuditLog, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private const int AttemptsWhenStopping = 3;

    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly ILogger<AuditWriter> _logger;
    private readonly Channel<AuditEvent> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public AuditWriter(IAuditStore store, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public async ValueTask RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (_queue.Writer.TryWrite(auditEvent)) return;
        if (!_stopping.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.MaxWait);
            try
            {
                await _queue.Writer.WriteAsync(auditEvent, wait.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogQueueFull(_logger, _options.QueueCapacity, _options.MaxWait.TotalSeconds);
            }
            catch (ChannelClosedException)
            {
                // Stopped meanwhile: written directly below.
            }
        }
        try
        {
            await _store.AppendAsync([auditEvent], cancellationToken).ConfigureAwait(false);
            SynthMetrics.AuditEvents.Add(1);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotKept(_logger, e, auditEvent.Action, auditEvent.Actor, auditEvent.Resource, auditEvent.Address, auditEvent.Detail);
            throw new AuditUnavailableException($"the audit log cannot keep events now (its database does not take them and its queue of {_options.QueueCapacity} is full), so the request is refused; retry later");
        }
    }

    /// <summary>Starts the loop that writes what is queued (not bound to any token: it ends when the queue is completed and drained).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WriteQueuedAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Takes no more into the queue (later events are written directly), and waits for what is queued to be written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stops without waiting (its stop timeout, or a kill): the loop goes on writing
            // while the process lives; what it cannot write is in the error log.
            LogStopNotWaited(_logger, _queue.Reader.Count);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WriteQueuedAsync()
    {
        var batchSize = Math.Max(1, _options.BatchSize);
        var batch = new List<AuditEvent>(batchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < batchSize && reader.TryRead(out var next)) batch.Add(next);
            await WriteAsync(batch, _stopping.Token).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>Writes a batch, retrying until the database takes it; once stopping, a few attempts, then the events go to the error log.</summary>
    private async Task WriteAsync(List<AuditEvent> batch, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                SynthMetrics.AuditEvents.Add(batch.Count);
                return;
            }
            catch (Exception e)
            {
                if (stoppingToken.IsCancellationRequested && attempt >= AttemptsWhenStopping)
                {
                    foreach (var lost in batch) LogNotKept(_logger, e, lost.Action, lost.Actor, lost.Resource, lost.Address, lost.Detail);
                    return;
                }
                LogRetrying(_logger, e, batch.Count, backoff.TotalMilliseconds);
                try
                {
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "the audit database refused a batch of {Count} events; retrying in {DelayMs} ms (the events are held)")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int count, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the host stopped without waiting for the audit writer; {Count} queued events may not be stored")]
    private static partial void LogStopNotWaited(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the audit queue ({Capacity} events) stayed full for {Seconds} s; writing the event directly")]
    private static partial void LogQueueFull(ILogger logger, int capacity, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "AUDIT EVENT NOT STORED: {Action} by {Actor} on {Resource} from {Address}: {Detail}")]
    private static partial void LogNotKept(ILogger logger, Exception exception, string action, string actor, string? resource, string? address, string? detail);
}
