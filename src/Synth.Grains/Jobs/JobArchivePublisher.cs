using Synth.Core.Output;
using Synth.Core.Output.Zip;
using Synth.Storage;
using Synth.Storage.Composition;

namespace Synth.Grains.Jobs;

/// <summary>
/// Assembles a multi-table job's zip archive from its shards, byte for byte as
/// <see cref="DatabaseRunner.WriteZip"/> writes it: per table, in dependency order, an opening
/// (local header, then the table file's header as entry data), the table's shard parts (already
/// entry data: <see cref="GenerationOptions.ZipEntry"/>), a closing (the file's footer, the end of
/// the entry's data); then the central directory. The entry's CRC and sizes come from the shards'
/// summaries, so no part is read back.
/// </summary>
internal static class JobArchivePublisher
{
    public static async Task<IReadOnlyList<ArtifactPart>> AssembleAsync(IArtifactStore store, string jobId, JobRecipe recipe,
        IReadOnlyList<ShardPlan> shards, CancellationToken cancellationToken)
    {
        var method = recipe.Archive ?? throw new InvalidOperationException("the job's file is not an archive");
        var parts = new List<ArtifactPart>();
        var entries = new List<ZipEntryInfo>();
        long offset = 0;
        for (var t = 0; t < recipe.Tables.Count; t++)
        {
            var table = recipe.Tables[t];
            var tableShards = shards.Where(s => s.Table == t).OrderBy(s => s.FileShard).ToList();
            var results = await JobFilePublisher.ReadSummariesAsync(store, tableShards, cancellationToken).ConfigureAwait(false);

            var data = new ZipEntryData(method);
            var headerData = new MemoryStream();
            var header = new MemoryStream();
            GenerationRunner.WriteHeader(table.Schema.Layout, table.Format, header, recipe.StreamGzip);
            data.Append(header.GetBuffer().AsSpan(0, (int)header.Length), headerData);
            foreach (var result in results) data.Append(result);
            var closing = new MemoryStream();
            var footer = new MemoryStream();
            GenerationRunner.WriteFooter(table.Schema.Layout, table.Format, table.Rows, results, footer, recipe.StreamGzip);
            data.Append(footer.GetBuffer().AsSpan(0, (int)footer.Length), closing);
            data.End(closing);

            var entry = data.Info(table.Name + table.Format.Extension + (recipe.StreamGzip ? ".gz" : ""), offset);
            var opening = new MemoryStream();
            opening.Write(ZipHeaders.LocalHeader(entry));
            headerData.WriteTo(opening);
            parts.Add(await JobFilePublisher.UploadAsync(store, JobKeys.EntryOpening(jobId, t), opening, cancellationToken).ConfigureAwait(false));
            for (var i = 0; i < tableShards.Count; i++) parts.Add(new ArtifactPart(tableShards[i].PartKey, results[i].Bytes));
            if (closing.Length > 0) parts.Add(await JobFilePublisher.UploadAsync(store, JobKeys.EntryClosing(jobId, t), closing, cancellationToken).ConfigureAwait(false));
            offset += opening.Length - headerData.Length + data.CompressedLength;
            entries.Add(entry);
        }
        var directory = new MemoryStream(ZipHeaders.CentralDirectory(entries, offset));
        parts.Add(await JobFilePublisher.UploadAsync(store, JobKeys.CentralDirectory(jobId), directory, cancellationToken).ConfigureAwait(false));
        return parts;
    }
}
