using System.Globalization;
using Microsoft.Net.Http.Headers;
using Synth.Api.Problems;
using Synth.Grains.Jobs;
using Orleans;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Api.Jobs;

/// <summary>
/// <c>GET /jobs/{id}/download[?file=k]</c>: streams a succeeded job's file from the artifact store,
/// reading its parts in order through the file's manifest, never holding the file in memory.
/// A file is immutable once its job succeeded, so it has a strong ETag and If-Range works.
/// </summary>
internal static class JobDownload
{
    private const int CopyBufferSize = 64 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context, string id, string? file, IGrainFactory grains, IArtifactStore store)
    {
        if (!JobIds.IsValid(id)) return JobsApi.BadId(id);
        var index = 0;
        if (file is not null && (!int.TryParse(file, NumberStyles.None, CultureInfo.InvariantCulture, out index)))
        {
            return ApiProblems.Invalid("file", $"'{file}' is not a file number (0, 1, … as in the job's files)");
        }
        var info = await JobsApi.VisibleAsync(grains, id, context);
        if (info is null) return JobsApi.NoSuchJob(id);
        if (info.Status != JobStatus.Succeeded)
        {
            return ApiProblems.Conflict($"job {id} is {info.Status}; its files can be downloaded once it has succeeded");
        }
        if (index >= info.Files.Count)
        {
            return ApiProblems.NotFound($"job {id} has {info.Files.Count} file(s), numbered from 0; there is no file {index}");
        }
        var jobFile = info.Files[index];
        var manifest = await ArtifactManifest.LoadAsync(store, jobFile.ManifestKey, context.RequestAborted);
        if (manifest is null)
        {
            return ApiProblems.Problem(StatusCodes.Status410Gone, $"file {index} of job {id} ({jobFile.FileName}) is no longer in the artifact store");
        }
        return new FileResult(manifest, store, $"\"{id}-{index}-{manifest.TotalLength}\"");
    }

    private sealed class FileResult(ArtifactManifest manifest, IArtifactStore store, string etag) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var request = context.Request;
            var response = context.Response;
            var length = manifest.TotalLength;
            var ifRange = request.Headers.IfRange.ToString();
            // A client resuming an older copy (If-Range with another validator) must get the whole file.
            var range = ifRange.Length == 0 || ifRange == etag ? RangeRequest.Parse(request.Headers.Range, length) : RangeRequest.Whole(length);

            response.Headers.AcceptRanges = "bytes";
            response.Headers.ETag = etag;
            if (range.Kind == RangeRequestKind.Unsatisfiable)
            {
                response.Headers.ContentRange = new ContentRangeHeaderValue(length).ToString();
                await ApiProblems.Problem(StatusCodes.Status416RangeNotSatisfiable,
                    $"the range '{request.Headers.Range}' does not overlap the file's {length} bytes").ExecuteAsync(context);
                return;
            }

            response.ContentType = manifest.ContentType;
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = manifest.FileName, FileName = manifest.FileName }.ToString();
            response.ContentLength = range.Length;
            if (range.Kind == RangeRequestKind.Partial)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = new ContentRangeHeaderValue(range.Offset, range.Offset + range.Length - 1, length).ToString();
            }
            if (HttpMethods.IsHead(request.Method) || range.Length == 0) return;

            // Opening reads the first part before any byte is sent, so a missing part is still a clean 500 problem.
            await using var content = await ComposedArtifact.OpenReadAsync(store, manifest, range.Offset, range.Length, context.RequestAborted);
            await content.CopyToAsync(response.Body, CopyBufferSize, context.RequestAborted);
        }
    }
}
