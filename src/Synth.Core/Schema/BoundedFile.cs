using System.Text;

namespace Synth.Core.Schema;

/// <summary>
/// Reads a small input file (a schema, a domain, a config) whole, but never more than a limit: a
/// path such as /dev/zero or a mistaken multi-gigabyte file is refused instead of filling memory.
/// </summary>
public static class BoundedFile
{
    /// <summary>Largest schema or domain file, in bytes: as large as the API accepts a request body. 16 MiB.</summary>
    public const int MaxTextBytes = 16 * 1024 * 1024;

    /// <summary>The file's text (UTF-8); an <see cref="IOException"/> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static string ReadAllText(string path, int maxBytes = MaxTextBytes) => Encoding.UTF8.GetString(ReadAllBytes(path, maxBytes));

    /// <summary>The file's bytes; an <see cref="IOException"/> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadAllBytes(stream, maxBytes);
    }

    /// <summary>The rest of <paramref name="stream"/>; an <see cref="IOException"/> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(Stream stream, int maxBytes)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > maxBytes) throw new IOException($"the file is larger than {maxBytes:N0} bytes, the limit for it");
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }
}
