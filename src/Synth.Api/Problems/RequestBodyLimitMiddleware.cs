using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Synth.Api.Problems;

/// <summary>
/// Caps every request body at <see cref="SynthApiOptions.MaxRequestBodyBytes"/>: a declared length
/// over it is refused before anything is read; otherwise the server's own limit is set (Kestrel), or,
/// on a server without one (the in-memory test server), the body is wrapped so a longer one fails
/// the same way. Both end as <see cref="BadHttpRequestException"/> 413, which
/// <see cref="ApiExceptionHandler"/> answers with a problem.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<SynthApiOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;
    private readonly long _uploadLimit = options.Value.MaxDatasetBytes;

    public Task InvokeAsync(HttpContext context)
    {
        // Dataset uploads (endpoints marked DatasetUpload) have a limit of their own.
        var upload = context.GetEndpoint()?.Metadata.GetMetadata<DatasetUpload>() is not null;
        var (limit, setting) = upload ? (_uploadLimit, "Synth:Api:MaxDatasetBytes") : (_limit, "Synth:Api:MaxRequestBodyBytes");
        if (context.Request.ContentLength > limit) throw TooLarge(limit, setting);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        else if (feature is null && context.Request.ContentLength is null)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit, setting);
        }
        return next(context);
    }

    public static BadHttpRequestException TooLarge(long limit, string setting = "Synth:Api:MaxRequestBodyBytes") =>
        new($"the request body is larger than {limit:N0} bytes ({setting})", StatusCodes.Status413PayloadTooLarge);

    private sealed class LengthLimitedStream(Stream inner, long limit, string setting) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw TooLarge(limit, setting);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Endpoint metadata: the body is a dataset upload, limited by <see cref="SynthApiOptions.MaxDatasetBytes"/>.</summary>
internal sealed class DatasetUpload;
