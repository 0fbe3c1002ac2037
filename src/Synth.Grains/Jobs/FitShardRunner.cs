using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Synth.Core.Datasets;
using Synth.Core.Generation.Random;
using Synth.Core.Privacy;
using Synth.Core.Privacy.Accounting;
using Synth.Core.Privacy.Evaluation;
using Synth.Core.Privacy.Synthesizers;
using Synth.Gpu.Estimation;
using Synth.Grains.Models;
using Synth.Storage;

namespace Synth.Grains.Jobs;

/// <summary>
/// The one shard of a fit job: read the dataset's CSV, split off the holdout, encode under the
/// domain fixed at submission, tell the job the data is about to be touched, fit (all cores,
/// cancellable, stage progress), commit the model, then evaluate it and commit the report, and
/// last the <see cref="FitResult"/> the job publishes. Everything before the "touched" mark may
/// fail and be refunded; nothing after it is. A fit that asks for a GPU (<see cref="FitJobSpec.Device"/>,
/// or a job requiring the <c>gpu</c> tag) sums its marginals on this silo's CUDA device; without one
/// it fits on the CPU and logs it: the result is the same model up to the order of floating-point sums.
/// </summary>
internal sealed partial class FitShardRunner(ILogger logger) : IShardRunner
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<long> RunAsync(ShardRun run, CancellationToken cancellationToken)
    {
        var fit = run.Assignment.Spec.Fit ?? throw new InvalidOperationException("a fit job without its fit spec");
        run.ReportStage(new ShardStage("read", 0, "reading the dataset"));
        var domain = DomainSpec.FromJson(fit.DomainJson);
        var method = SynthesizerRegistry.Default.Get(fit.Method);
        RawTable table;
        await using (var csv = await run.Artifacts.OpenReadAsync(fit.DataKey, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            table = await Task.Run(() => ReadInput(() => RawTable.ReadCsv(csv)), cancellationToken).ConfigureAwait(false);
        }
        var (train, holdout) = table.Split(fit.HoldoutFraction, Derive(fit.Seed, "holdout"));
        var codec = new TableCodec(domain);
        // Encoding both parts first: a value outside the domain fails here, before anything is measured (and is refunded).
        var encodedTrain = ReadInput(() => codec.Encode(train));
        var encodedHoldout = holdout.Rows > 0 ? ReadInput(() => codec.Encode(holdout)) : null;
        run.ReportStage(new ShardStage("read", 1, $"{train.Rows:N0} training rows, {holdout.Rows:N0} held out"));

        if (!await run.Job.MarkDataTouchedAsync(run.Assignment.Shard, run.Assignment.Attempt).ConfigureAwait(false))
        {
            await run.Stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var options = Options(fit, run.Threads);
        var budget = fit.Epsilon is { } epsilon && fit.Delta is { } delta ? PrivacyBudget.FromEpsilon(epsilon, delta) : PrivacyBudget.Infinite;
        var progress = new StageReporter(run.ReportStage);
        TableModel model;
        string device;
        using (var accelerator = Accelerator(run, fit))
        {
            options.Kernels = accelerator?.Kernels;
            device = accelerator?.Name ?? "cpu";
            model = await Task.Factory.StartNew(
                () => new TableModel(domain, method.Fit(encodedTrain, budget, options, progress, cancellationToken)),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        var modelBytes = model.Serialize();
        await CommitAsync(run.Artifacts, ModelIds.ModelKey(fit.ModelId), modelBytes, cancellationToken).ConfigureAwait(false);
        run.Generated.TrySetResult();

        run.ReportStage(new ShardStage("evaluate", 0, $"sampling {train.Rows:N0} rows and comparing them with the real ones"));
        var (evaluationKey, evaluationError) = await EvaluateAsync(run, fit, domain, model, encodedTrain, encodedHoldout, cancellationToken).ConfigureAwait(false);
        var result = new FitResult(ModelIds.ModelKey(fit.ModelId), modelBytes.Length, train.Rows, holdout.Rows, evaluationKey, evaluationError, device);
        await CommitAsync(run.Artifacts, ModelIds.FitResultKey(fit.ModelId), JsonSerializer.SerializeToUtf8Bytes(result, Json), cancellationToken).ConfigureAwait(false);
        run.ReportStage(new ShardStage("done", 1, "model stored"));
        return modelBytes.Length;
    }

    /// <summary>
    /// Evaluates the model against the real rows (owner-only report). The model is already a
    /// release whose budget is spent, so a failing evaluation must not throw it away: the error is
    /// recorded instead, and the model is still ready to sample.
    /// </summary>
    private static async Task<(string? Key, string? Error)> EvaluateAsync(ShardRun run, FitJobSpec fit, DomainSpec domain, TableModel model,
        EncodedTable train, EncodedTable? holdout, CancellationToken cancellationToken)
    {
        var modelled = domain.Columns.Where(c => c.IsSynthesized).ToList();
        var evaluation = new EvaluationOptions
        {
            Target = fit.EvaluationTarget ?? modelled[^1].Name,
            Ordered = domain.OrderedAttributes(),
            Seed = Derive(fit.Seed, "evaluation"),
            MaxDegreeOfParallelism = run.Threads,
        };
        try
        {
            var report = await Task.Factory.StartNew(() =>
            {
                // Post-processing of the model: sampling costs no budget. Its seed is fixed by the fit's, so a seeded fit evaluates the same way twice.
                var synthetic = model.Model.Sample(train.Rows, Derive(fit.Seed, "evaluation-sample"));
                return SynthesisEvaluator.Evaluate(train, holdout, synthetic, evaluation);
            }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            var key = ModelIds.EvaluationKey(fit.ModelId);
            await CommitAsync(run.Artifacts, key, JsonSerializer.SerializeToUtf8Bytes(report, Json), cancellationToken).ConfigureAwait(false);
            return (key, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"the evaluation failed ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>
    /// The CUDA device of this silo for a fit that asks for one (and whose method uses it), else null.
    /// A GPU that was asked for and is absent (or fails to open) is not an error: the fit runs on the
    /// CPU, the same model up to rounding, and the log says so.
    /// </summary>
    private GpuAccelerator? Accelerator(ShardRun run, FitJobSpec fit)
    {
        var tagged = run.Assignment.Spec.RequiredTags.Contains(ComputeDevices.GpuTag, StringComparer.Ordinal);
        if (fit.Device == ComputeDevice.Cpu && !tagged || !ComputeDevices.Accelerates(fit.Method)) return null;
        GpuAccelerator? accelerator;
        try
        {
            accelerator = GpuAccelerator.TryCuda();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoGpu(logger, run.Assignment.JobId, $"{e.GetType().Name}: {e.Message}");
            return null;
        }
        if (accelerator is null) LogNoGpu(logger, run.Assignment.JobId, "ILGPU found no CUDA device on this silo");
        else LogGpu(logger, run.Assignment.JobId, accelerator.Name);
        return accelerator;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fit job {Job} asked for a GPU, but it fits on the CPU: {Reason}")]
    private static partial void LogNoGpu(ILogger logger, string job, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fit job {Job} sums its marginals on {Device}")]
    private static partial void LogGpu(ILogger logger, string job, string device);

    /// <summary>Reading or encoding the dataset: its failures are the data's, and would repeat on every attempt.</summary>
    private static T ReadInput<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is CsvDataException or FormatException)
        {
            throw new JobInputException(e.Message, e);
        }
    }

    private static SynthesizerOptions Options(FitJobSpec fit, int threads)
    {
        var options = fit.OptionsJson is null ? new SynthesizerOptions() : JsonSerializer.Deserialize<SynthesizerOptions>(fit.OptionsJson, Json) ?? new SynthesizerOptions();
        options.Seed = fit.Seed;
        options.MaxDegreeOfParallelism = threads;
        return options;
    }

    /// <summary>A seed for a side stream of the fit: derived from the fit's seed when it has one (reproducible), else fresh from the OS.</summary>
    private static ulong Derive(ulong? seed, string purpose) =>
        seed is { } s ? CounterRng.Key(s, purpose) : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    private static async Task CommitAsync(IArtifactStore artifacts, string key, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var upload = await artifacts.BeginUploadAsync(key, cancellationToken).ConfigureAwait(false);
        await upload.Content.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forwards the fit's progress at once, on the fit's thread (<see cref="Progress{T}"/> would post it to the thread pool, out of order).</summary>
    private sealed class StageReporter(Action<ShardStage> report) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) => report(new ShardStage(value.Stage, value.Fraction, value.Message));
    }
}
