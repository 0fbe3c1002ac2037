using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Synth.Bench.Runtime;

/// <summary>
/// Progress on stderr (stdout carries only the result line), and a logger provider for the
/// runtime that counts its warnings and errors by message template — what goes wrong under
/// load (delivery failures, pool exhaustion, timeouts) ends up in the results — and prints the
/// first few of each kind.
/// </summary>
public static class BenchLog
{
    public static void Progress(string message) => Console.Error.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");
}

public sealed class CountingLoggerProvider(string prefix, int printFirst = 3) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public int Total => _counts.Values.Sum();

    public ILoggerFactory Factory() => new LoggerFactory([this]);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Record<TState>(string category, LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var template = state is IReadOnlyList<KeyValuePair<string, object?>> values
            ? values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string
            : null;
        var key = $"{level} {category}: {template ?? formatter(state, exception)}";
        if (exception is not null) key += $" ({Innermost(exception).GetType().Name})";
        var n = _counts.AddOrUpdate(key, 1, (_, c) => c + 1);
        if (n <= printFirst)
        {
            var text = $"{prefix}{level} {category}: {formatter(state, exception)}";
            if (exception is not null) text += $" — {Innermost(exception).GetType().Name}: {FirstLine(Innermost(exception).Message)}";
            Console.Error.WriteLine(n == printFirst ? text + " (further ones only counted)" : text);
        }
    }

    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private sealed class Logger(CountingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Record(category, logLevel, state, exception, formatter);
        }
    }
}

/// <summary>Failed calls by exception type and first message line (the first few are printed).</summary>
public sealed class ErrorCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public void Record(Exception e)
    {
        var inner = CountingLoggerProvider.Innermost(e);
        var message = CountingLoggerProvider.FirstLine(inner.Message);
        if (message.Length > 160) message = message[..160] + "…";
        var key = $"{inner.GetType().Name}: {message}";
        var n = _counts.AddOrUpdate(key, 1, (_, c) => c + 1);
        if (Interlocked.Increment(ref _total) <= 5) BenchLog.Progress($"call failed: {key}");
    }
}
