using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Synth.Storage.Azure;

/// <summary>
/// Signs a request to Azure Blob Storage with the account key ("Shared Key" authorization,
/// service version 2015-02-21 and later): an HMAC-SHA256 of a canonical description of the
/// request, which the service rebuilds from what it receives and compares.
/// </summary>
/// <remarks>
/// The signature is built from the <see cref="HttpRequestMessage"/> as it will be sent, so
/// whatever headers a caller sets are signed as they are. The string to sign is, one per line:
/// the verb, Content-Encoding, Content-Language, Content-Length (empty when 0), Content-MD5,
/// Content-Type, Date (empty: x-ms-date is used), If-Modified-Since, If-Match, If-None-Match,
/// If-Unmodified-Since, Range, then every x-ms-* header as "name:value" (lowercased names,
/// sorted), then the canonical resource: "/account/encoded/path" and each query parameter as
/// "\nname:value" (lowercased names, sorted; repeated values joined by ',').
/// </remarks>
internal sealed class SharedKeyAuthorizer
{
    private readonly string _accountName;
    private readonly byte[] _key;

    public SharedKeyAuthorizer(string accountName, string accountKeyBase64)
    {
        _accountName = accountName;
        _key = Convert.FromBase64String(accountKeyBase64);
    }

    /// <summary>Sets x-ms-date (now) and Authorization on <paramref name="request"/>.</summary>
    public void Sign(HttpRequestMessage request, DateTimeOffset now)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", now.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{_accountName}:{signature}");
    }

    internal string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is { } l and > 0 ? l.ToString(CultureInfo.InvariantCulture) : "";
        var text = new StringBuilder();
        text.Append(request.Method.Method).Append('\n')
            .Append(ContentHeader(content, "Content-Encoding")).Append('\n')
            .Append(ContentHeader(content, "Content-Language")).Append('\n')
            .Append(length).Append('\n')
            .Append(ContentHeader(content, "Content-MD5")).Append('\n')
            .Append(ContentHeader(content, "Content-Type")).Append('\n')
            .Append('\n') // Date
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');
        AppendCanonicalHeaders(text, request);
        AppendCanonicalResource(text, request.RequestUri!);
        return text.ToString();
    }

    private static void AppendCanonicalHeaders(StringBuilder text, HttpRequestMessage request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (!name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase)) continue;
            headers[name.ToLowerInvariant()] = string.Join(',', values.Select(v => v.Trim()));
        }

        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private void AppendCanonicalResource(StringBuilder text, Uri uri)
    {
        text.Append('/').Append(_accountName).Append(uri.AbsolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var list)) parameters[name] = list = [];
            list.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            text.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }
    }

    private static string ContentHeader(HttpContentHeaders? headers, string name) =>
        headers is not null && headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : "";

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : "";
}
