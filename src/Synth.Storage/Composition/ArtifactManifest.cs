using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synth.Storage.Composition;

/// <summary>
/// A multi-part artifact: a job's output as several part objects that read as one file when
/// concatenated in order (see <see cref="ComposedArtifact"/>). The manifest is published after
/// every part is committed, so a reader that finds the manifest finds all its parts.
/// </summary>
/// <param name="Parts">The parts, in file order.</param>
/// <param name="ContentType">The whole file's media type, e.g. <c>text/csv</c>.</param>
/// <param name="FileName">The name a download should be saved under, e.g. <c>people.csv</c>.</param>
public sealed record ArtifactManifest(IReadOnlyList<ArtifactPart> Parts, string ContentType, string FileName)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IReadOnlyList<ArtifactPart> _parts = Checked(Parts);

    /// <summary>The parts, in file order; none may have a negative length.</summary>
    public IReadOnlyList<ArtifactPart> Parts
    {
        get => _parts;
        init => _parts = Checked(value);
    }

    /// <summary>The length of the whole file: the sum of the parts' lengths.</summary>
    public long TotalLength
    {
        get
        {
            // Computed, not stored, so a copy made with 'with { Parts = … }' cannot carry a stale total.
            long total = 0;
            foreach (var part in _parts) total = checked(total + part.Length);
            return total;
        }
    }

    /// <summary>The manifest as JSON: <c>{"parts":[{"key":…,"length":…}],"contentType":…,"fileName":…,"totalLength":…}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Document(Parts, ContentType, FileName, TotalLength), s_json);

    /// <summary>
    /// Reads a manifest written by <see cref="ToJson"/>. Throws <see cref="FormatException"/> naming
    /// what is wrong: not JSON, a missing field, an invalid part key, a negative length, or a
    /// <c>totalLength</c> that is not the sum of the parts.
    /// </summary>
    public static ArtifactManifest FromJson(string json)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The artifact manifest is not valid JSON: {e.Message}", e);
        }

        if (document is null) throw new FormatException("The artifact manifest is empty (null).");
        if (document.Parts is null) throw new FormatException("The artifact manifest has no 'parts'.");
        if (document.ContentType is null) throw new FormatException("The artifact manifest has no 'contentType'.");
        if (document.FileName is null) throw new FormatException("The artifact manifest has no 'fileName'.");
        for (var i = 0; i < document.Parts.Count; i++)
        {
            var part = document.Parts[i];
            if (part is null || part.Key is null || !ArtifactKey.IsValid(part.Key))
                throw new FormatException($"The artifact manifest's parts[{i}] has no valid 'key'.");
            if (part.Length < 0) throw new FormatException($"The artifact manifest's parts[{i}] ('{part.Key}') has a negative length.");
        }

        var manifest = new ArtifactManifest(document.Parts, document.ContentType, document.FileName);
        if (document.TotalLength is { } total && total != manifest.TotalLength)
            throw new FormatException($"The artifact manifest's totalLength {total} is not the sum of its parts' lengths ({manifest.TotalLength}).");
        return manifest;
    }

    /// <summary>Publishes the manifest as the object <paramref name="key"/> (do this after every part is committed).</summary>
    public async Task<ArtifactInfo> SaveAsync(IArtifactStore store, string key, CancellationToken cancellationToken = default)
    {
        await using var upload = await store.BeginUploadAsync(key, cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(upload.Content, new Document(Parts, ContentType, FileName, TotalLength), s_json, cancellationToken).ConfigureAwait(false);
        return await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the manifest published as <paramref name="key"/>, or null when there is none (yet).</summary>
    public static async Task<ArtifactManifest?> LoadAsync(IArtifactStore store, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return FromJson(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    private static IReadOnlyList<ArtifactPart> Checked(IReadOnlyList<ArtifactPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            if (part.Length < 0) throw new ArgumentException($"Part '{part.Key}' has a negative length.", nameof(Parts));
        }

        return parts;
    }

    // The wire form; totalLength is written for readers that want it without adding, and
    // checked on the way in.
    private sealed record Document(
        [property: JsonPropertyName("parts")] IReadOnlyList<ArtifactPart>? Parts,
        [property: JsonPropertyName("contentType")] string? ContentType,
        [property: JsonPropertyName("fileName")] string? FileName,
        [property: JsonPropertyName("totalLength")] long? TotalLength);
}
