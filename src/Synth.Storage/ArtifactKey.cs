using System.Text;

namespace Synth.Storage;

/// <summary>
/// The one definition of a valid artifact key, shared by every store so that a key accepted by
/// one is accepted by all: '/'-separated segments, relative, at most 1024 UTF-8 bytes (the limit
/// of Azure Blob and S3 names).
/// </summary>
/// <remarks>
/// Rejected, because some store would read them as something else: a leading '/' or an empty
/// segment (an absolute path, or "a//b" which object stores keep but disks collapse), "." and
/// ".." (path traversal on disk, normalized away in URLs), a backslash (a separator on Windows)
/// and control characters (invalid in the XML listings of Azure and S3).
/// </remarks>
public static class ArtifactKey
{
    /// <summary>Longest key, in UTF-8 bytes.</summary>
    public const int MaxUtf8Length = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="key"/> when it is not a valid key.</summary>
    public static void Validate(string key, string parameterName = "key")
    {
        if (Problem(key, isPrefix: false) is { } problem)
            throw new ArgumentException($"'{key}' is not a valid artifact key: {problem}.", parameterName);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="prefix"/> could not start a valid
    /// key. A prefix may be empty, end with '/', or end in the middle of a segment.
    /// </summary>
    public static void ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        if (Problem(prefix, isPrefix: true) is { } problem)
            throw new ArgumentException($"'{prefix}' is not a valid artifact key prefix: {problem}.", parameterName);
    }

    /// <summary>True when <paramref name="key"/> is a valid key.</summary>
    public static bool IsValid(string key) => Problem(key, isPrefix: false) is null;

    private static string? Problem(string? key, bool isPrefix)
    {
        if (key is null) return "it is null";
        if (key.Length == 0) return isPrefix ? null : "it is empty";
        if (Encoding.UTF8.GetByteCount(key) > MaxUtf8Length) return $"it is longer than {MaxUtf8Length} UTF-8 bytes";
        if (key[0] == '/') return "it starts with '/' (keys are relative)";
        foreach (var c in key)
        {
            if (c == '\\') return "it contains a backslash (use '/' between segments)";
            if (char.IsControl(c)) return "it contains a control character";
        }

        var segments = key.Split('/');
        // The last segment of a prefix may be empty ("jobs/") or any partial name ("jobs/7f").
        var checkedSegments = isPrefix ? segments.Length - 1 : segments.Length;
        for (var i = 0; i < checkedSegments; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0) return "it has an empty segment ('//' or a trailing '/')";
            if (segment is "." or "..") return $"it has a '{segment}' segment";
        }

        return null;
    }
}
