using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Synth.Storage.Sinks;

/// <summary>
/// POSTs each batch to a URL, as JSON Lines (<c>application/x-ndjson</c>) or as one JSON array
/// (<c>application/json</c>). A batch is acknowledged by a 2xx answer; anything else is retried once
/// after a short pause and then fails the delivery (the stream backs off and tries again). Headers:
/// <c>X-Synth-Stream</c>, <c>X-Synth-First-Sequence</c>, <c>X-Synth-Count</c>,
/// <c>Idempotency-Key</c> (stream, first, count: the same for a batch sent again) and, with a secret,
/// <c>X-Synth-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
public sealed class WebhookSink(HttpClient http, Uri url, string streamId, bool asArray, string? secret, long from) : BatchAcknowledgedSink(from)
{
    /// <summary>How long one attempt may take: the stream waits for it, so it is short.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly byte[]? _key = secret is null ? null : System.Text.Encoding.UTF8.GetBytes(secret);

    public override string Format => "jsonl";

    protected override async ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken)
    {
        var body = Body(records);
        var signature = _key is null ? null : "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body.Span));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PostAsync(body, first, count, signature, cancellationToken);
                return;
            }
            catch (SinkException) when (attempt == 1)
            {
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    private async Task PostAsync(ReadOnlyMemory<byte> body, long firstSequence, int count, string? signature, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(asArray ? "application/json" : "application/x-ndjson");
        var first = firstSequence.ToString(CultureInfo.InvariantCulture);
        var n = count.ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Synth-Stream", streamId);
        request.Headers.Add("X-Synth-First-Sequence", first);
        request.Headers.Add("X-Synth-Count", n);
        request.Headers.Add("Idempotency-Key", $"{streamId}-{first}-{n}");
        if (signature is not null) request.Headers.Add("X-Synth-Signature", signature);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AttemptTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new SinkException($"webhook {url}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SinkException($"webhook {url}: no answer within {AttemptTimeout.TotalSeconds:0} s", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw new SinkException($"webhook {url}: answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    /// <summary>The batch as the receiver gets it: the lines themselves, or the lines' objects in one array.</summary>
    private ReadOnlyMemory<byte> Body(ReadOnlyMemory<byte> records)
    {
        if (!asArray) return records;
        _body.ResetWrittenCount();
        _body.Write("["u8);
        var rest = records.Span;
        var firstLine = true;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty) continue;
            if (!firstLine) _body.Write(","u8);
            _body.Write(line);
            firstLine = false;
        }
        _body.Write("]"u8);
        return _body.WrittenMemory;
    }

}
