using System.Text.Json;
using Synth.Grains.Models;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Publishes a fit job: reads what the fit shard wrote (<see cref="FitResult"/>, written after the
/// model and its evaluation) and makes the stored model downloadable as the job's file.
/// </summary>
internal static class FitPublisher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(FitResult Result, JobFile File)> PublishAsync(IArtifactStore store, string jobId, FitJobSpec fit, CancellationToken cancellationToken)
    {
        FitResult result;
        await using (var stream = await store.OpenReadAsync(ModelIds.FitResultKey(fit.ModelId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result = await JsonSerializer.DeserializeAsync<FitResult>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the fit result of model {fit.ModelId} is empty");
        }
        var manifest = new ArtifactManifest([new ArtifactPart(result.ModelKey, result.ModelBytes)], "application/octet-stream", $"{fit.ModelId}.synth");
        var key = JobKeys.Manifest(jobId, 0);
        await manifest.SaveAsync(store, key, cancellationToken).ConfigureAwait(false);
        return (result, new JobFile(manifest.FileName, manifest.ContentType, manifest.TotalLength, key));
    }
}
