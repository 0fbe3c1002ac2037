using System.Text.RegularExpressions;

namespace Synth.Grains.Streams;

/// <summary>Hides the password of a connection string (key=value pairs) or URI (user:password@host).</summary>
public static partial class ConnectionRedaction
{
    public static string Redact(string connection)
    {
        var redacted = UriPassword().Replace(connection, "$1***@");
        return PasswordPair().Replace(redacted, "$1=***");
    }

    [GeneratedRegex(@"(://[^:/@]*):[^@/]*@")]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"(?i)\b(password|pwd|sasl\.password)\s*=\s*[^;]*")]
    private static partial Regex PasswordPair();
}
