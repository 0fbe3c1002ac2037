using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Synth.Api.Hosting;

/// <summary>Where Kestrel listens: an explicit value, else SYNTH_API_HOST / SYNTH_API_PORT, else 127.0.0.1:8000.</summary>
public sealed record ListenAddress(string Host, int Port)
{
    public const string HostVariable = "SYNTH_API_HOST";
    public const string PortVariable = "SYNTH_API_PORT";
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 8000;

    /// <exception cref="ArgumentException">A value that is not a host or port, naming the setting it came from.</exception>
    public static ListenAddress Resolve(string? host, int? port, IConfiguration configuration)
    {
        var hostText = host ?? configuration[HostVariable];
        var hostSource = host is null ? HostVariable : "--host";
        var resolvedHost = string.IsNullOrWhiteSpace(hostText) ? DefaultHost : hostText.Trim();
        if (resolvedHost is not ("*" or "localhost") && !IPAddress.TryParse(resolvedHost, out _))
        {
            throw new ArgumentException($"{hostSource}: '{resolvedHost}' is not an IP address, localhost or *");
        }

        var resolvedPort = DefaultPort;
        if (port is { } p)
        {
            resolvedPort = p;
        }
        else if (configuration[PortVariable] is { Length: > 0 } portText
                 && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out resolvedPort))
        {
            throw new ArgumentException($"{PortVariable}: '{portText}' is not a port number (0 to 65535; 0 picks a free one)");
        }
        if (resolvedPort is < 0 or > 65535)
        {
            throw new ArgumentException($"{(port is null ? PortVariable : "--port")}: {resolvedPort} is not a port number (0 to 65535; 0 picks a free one)");
        }
        return new ListenAddress(resolvedHost, resolvedPort);
    }

    /// <summary>Whether every address this listens on is a loopback one (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    public void Apply(KestrelServerOptions kestrel)
    {
        switch (Host)
        {
            case "*":
                kestrel.ListenAnyIP(Port);
                break;
            case "localhost" when Port == 0:
                // Kestrel cannot pick one free port for both loopbacks; IPv4 is what "localhost" reaches first.
                kestrel.Listen(IPAddress.Loopback, 0);
                break;
            case "localhost":
                kestrel.ListenLocalhost(Port);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(Host), Port);
                break;
        }
    }
}
