using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synth.Cli.Hosting;

namespace Synth.Api.Tests.Observability;

/// <summary>
/// A small OTLP/HTTP collector on 127.0.0.1: it takes <c>/v1/traces</c> (protobuf) and keeps each
/// span's scope, trace id and name; <c>/v1/metrics</c> and <c>/v1/logs</c> are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public string Endpoint => SynthServer.ListeningUrl(_app);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceReader.Read(body.ToArray())) receiver.Spans.Enqueue(span);
            return Results.Ok();
        });
        app.MapPost("/v1/metrics", () => Results.Ok());
        app.MapPost("/v1/logs", () => Results.Ok());
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="Scope">The instrumentation scope (the ActivitySource's name).</param>
/// <param name="Attributes">The span's string-valued attributes.</param>
public sealed record ReceivedSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
