namespace Synth.Api.Tests.TestSupport;

/// <summary>One event of a text/event-stream, as a browser's EventSource would parse it.</summary>
public sealed record ServerSentEvent(string? Id, string? Event, string Data);

public static class ServerSentEvents
{
    /// <summary>Reads events until the server ends the stream.</summary>
    public static async Task<IReadOnlyList<ServerSentEvent>> ReadAllAsync(Stream stream)
    {
        var events = new List<ServerSentEvent>();
        using var reader = new StreamReader(stream);
        string? id = null, name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0) events.Add(new ServerSentEvent(id, name, string.Join('\n', data)));
                (id, name) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
        }
        return events;
    }
}
