using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Synth.Api.Datasets;

/// <summary>
/// The uploaded CSV of <c>POST /datasets</c>: the raw body (text/csv, text/plain,
/// application/octet-stream) or the first file of a multipart/form-data body, streamed into a
/// temporary file that deletes itself when closed (the body is never held in memory whole).
/// </summary>
internal static class DatasetUploadReader
{
    /// <summary>The upload in a temp file positioned at 0, or null when the content type is not one of the above (415).</summary>
    public static async Task<FileStream?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType is { } text && MediaTypeHeaderValue.TryParse(text, out var parsed) ? parsed : null;
        var mediaType = contentType?.MediaType.Value?.ToLowerInvariant();
        Stream source;
        MultipartSection? section = null;
        if (mediaType == "multipart/form-data")
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) return null;
            var reader = new MultipartReader(boundary, request.Body);
            try
            {
                while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
                {
                    if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition()) break;
                }
            }
            catch (Exception e) when (e is (IOException and not BadHttpRequestException) or InvalidDataException)
            {
                throw Malformed(e);
            }
            if (section is null) throw new BadHttpRequestException("the multipart body has no file part (send the CSV as a file field)", StatusCodes.Status400BadRequest);
            source = section.Body;
        }
        else if (mediaType is "text/csv" or "text/plain" or "application/octet-stream" or null)
        {
            source = request.Body;
        }
        else
        {
            return null;
        }
        var temp = new FileStream(Path.Combine(Path.GetTempPath(), "synth-upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await source.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
            temp.Position = 0;
            return temp;
        }
        catch (Exception e) when (section is not null && e is (IOException and not BadHttpRequestException) or InvalidDataException)
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            throw Malformed(e);
        }
        catch
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // MultipartReader reports a body cut short or a header line too long as IOException or
    // InvalidDataException: the client's malformed body, so a 400 that says so.
    private static BadHttpRequestException Malformed(Exception e) =>
        new($"the multipart body is malformed: {e.Message}", StatusCodes.Status400BadRequest);
}
