using Npgsql;

namespace Synth.Runtime.Storage.Postgres;

/// <summary>
/// Accepts a PostgreSQL connection string in either of the forms people paste: Npgsql's
/// <c>Host=…;Port=…</c>, or a libpq URI <c>postgresql://user:password@host:port/database?sslmode=require</c>,
/// which Npgsql rejects.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>
    /// libpq URI parameters under their Npgsql names. Parameters not listed here are handed to
    /// Npgsql as they are (it knows some, such as <c>sslmode</c>); any it does not know is an error.
    /// </summary>
    private static readonly Dictionary<string, string> s_uriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = "Host",
        ["hostaddr"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["keepalives_idle"] = "Tcp Keepalive Time",
    };

    /// <summary>
    /// Returns <paramref name="connectionString"/> in Npgsql's key=value form: a
    /// <c>postgresql://</c> or <c>postgres://</c> URI is converted (percent-decoded user, password
    /// and database; several <c>host:port</c> pairs separated by commas; IPv6 hosts in brackets;
    /// query parameters by their libpq names); anything else is returned unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The URI is malformed or has a parameter Npgsql does not know.</exception>
    public static string Normalize(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var text = connectionString.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return connectionString;
        }
        var scheme = text[..schemeEnd];
        if (!scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }
        return FromUri(text[(schemeEnd + 3)..]);
    }

    private static string FromUri(string rest)
    {
        var builder = new NpgsqlConnectionStringBuilder();

        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart >= 0 ? rest[(queryStart + 1)..] : "";
        if (queryStart >= 0) rest = rest[..queryStart];

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart >= 0 ? rest[..pathStart] : rest;
        var database = pathStart >= 0 ? rest[(pathStart + 1)..] : "";

        // The password may contain '@' only percent-encoded, so the last '@' ends the user info.
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (user.Length > 0) builder.Username = user;
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        if (authority.Length > 0)
        {
            var hosts = authority.Split(',');
            if (hosts.Length == 1)
            {
                var (host, port) = SplitHostPort(hosts[0]);
                if (host.Length > 0) builder.Host = host;
                if (port is not null) builder.Port = port.Value;
            }
            else
            {
                // Npgsql takes several hosts as "h1:p1,h2:p2" in Host.
                builder.Host = string.Join(',', hosts.Select(h =>
                {
                    var (host, port) = SplitHostPort(h);
                    if (host.Length == 0) throw Malformed("an empty host in a host list");
                    var shown = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
                    return port is null ? shown : $"{shown}:{port}";
                }));
            }
        }

        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw Malformed($"the parameter '{pair}' has no value");
            var name = Uri.UnescapeDataString(pair[..equals]);
            var value = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            var key = s_uriParameters.GetValueOrDefault(name, name);
            if (key == "SSL Mode") value = SslModeName(value);
            try
            {
                builder[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"The PostgreSQL URI parameter '{name}' is not supported or has a bad value: {e.Message}", ParameterName, e);
            }
        }

        return builder.ConnectionString;
    }

    private static (string Host, int? Port) SplitHostPort(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw Malformed($"'{hostPort}' opens an IPv6 address it does not close");
            host = hostPort[1..close];
            if (close + 1 < hostPort.Length)
            {
                if (hostPort[close + 1] != ':') throw Malformed($"'{hostPort}' has text after its IPv6 address");
                port = hostPort[(close + 2)..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            if (colon >= 0) port = hostPort[(colon + 1)..];
        }
        host = Uri.UnescapeDataString(host);
        if (port is null || port.Length == 0) return (host, null);
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw Malformed($"'{port}' is not a port number");
        }
        return (host, number);
    }

    /// <summary>libpq's sslmode values (verify-full) under Npgsql's names (VerifyFull).</summary>
    private static string SslModeName(string value) => value.ToLowerInvariant() switch
    {
        "disable" => "Disable",
        "allow" => "Allow",
        "prefer" => "Prefer",
        "require" => "Require",
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => value,
    };

    // The URI may carry a password: errors describe the problem, never repeat the URI.
    private static ArgumentException Malformed(string problem) =>
        new($"The PostgreSQL URI is malformed: {problem}.", ParameterName);

    private const string ParameterName = "connectionString";
}
