namespace Synth.Api.Tests.Hostile;

/// <summary>
/// One hostile request: <paramref name="Path"/> may hold {dataset}, {model}, {job} and {schema},
/// replaced by ids of real resources on the server under test; <paramref name="Body"/> is built
/// only when the case runs. <paramref name="Expect"/>, when given, is a phrase the problem's text
/// must contain (the limit or the field it names).
/// </summary>
public sealed record HostileRequest(
    string Name,
    HttpMethod Method,
    string Path,
    string? ContentType = null,
    Func<byte[]>? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? Expect = null);
