using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Api.Quotas;
using Synth.Grains.Streams;

namespace Synth.Api.Streams;

/// <summary>
/// <c>/streams</c>: never-ending synthetic streams with controlled drift (docs/streams.md). Each is
/// a grain (<see cref="IStreamerGrain"/>); this API checks requests' form and forwards them, and the
/// grain checks the definition (schema and drift plan) before it keeps anything. A stream belongs to
/// whoever started it: to anyone else (but an admin) it answers 404, as one that does not exist.
/// </summary>
public static class StreamsApi
{
    /// <summary>The title of a 422 for a stream whose schema, drift plan or sinks cannot be used (the errors name which).</summary>
    internal const string UnusableDefinition = "The stream definition cannot be used.";

    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/streams").WithTags("Streams");
        group.MapPost("/", CreateAsync)
            .Accepts<CreateStreamRequest>("application/json")
            .WithSummary("Start a stream (201; its records go to its sinks, by default rolling files of the artifact store)")
            .WithProblems(400, 413, 415, 422, 429);
        group.MapGet("/", ListAsync).WithSummary("The caller's streams (an admin: every stream), oldest first");
        group.MapGet("/{id}", GetAsync).WithSummary("A stream: status, rate, records emitted, files").WithProblems(400, 404);
        group.MapPost("/{id}/pause", (string id, IGrainFactory grains, HttpContext context) => CommandAsync(id, grains, context, s => s.PauseAsync()))
            .WithSummary("Pause a stream (it resumes where it stopped)").WithProblems(400, 404, 409);
        group.MapPost("/{id}/resume", (string id, IGrainFactory grains, HttpContext context) => CommandAsync(id, grains, context, s => s.ResumeAsync()))
            .WithSummary("Resume a paused stream").WithProblems(400, 404, 409);
        group.MapPost("/{id}/stop", (string id, IGrainFactory grains, HttpContext context) => CommandAsync(id, grains, context, s => s.StopAsync()))
            .WithSummary("Stop a stream for good (its open file is published)").WithProblems(400, 404);
        group.MapGet("/{id}/events", StreamEventStream.HandleAsync)
            .WithSummary("The stream's records as server-sent events (one per record, id = its sequence number), resumable with Last-Event-ID")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithProblems(400, 404);
        group.MapPatch("/{id}", UpdateAsync)
            .Accepts<UpdateStreamRequest>("application/json")
            .WithSummary("Change a stream's rate (within a second), drift plan or sinks without a restart")
            .WithProblems(400, 404, 409, 415);
        return app;
    }

    private static async Task<Results<Created<StreamInfo>, ProblemHttpResult>> CreateAsync(HttpContext context, IGrainFactory grains, IOptions<SynthApiOptions> options, QuotaGuard quotas)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateStreamRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request!.SchemaText)) errors.Add("schemaText", "is required: the schema (JSON or YAML text) whose records the stream emits");
        var rate = ReadRate(request.Rate, errors, defaultRate: 1);
        var plan = ReadPlan(request.DriftPlan, errors);
        var sinks = ReadSinks(request.Sinks, errors);
        if (request.Name is { Length: > MaxNameLength }) errors.Add("name", $"is longer than {MaxNameLength} characters");
        if (errors.Any) return ApiProblems.Invalid(errors);
        var caller = Caller.Of(context);
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (await quotas.CheckStreamAsync(context, caller) is { } refused) return refused;

        var spec = new StreamSpec
        {
            SchemaText = request.SchemaText!,
            Seed = request.Seed ?? options.Value.DefaultSeed,
            Rate = rate,
            // By default a batch holds a tenth of a second of records: a slow stream sends each record when it is due.
            BatchSize = request.BatchSize ?? (rate is { } r ? (int)Math.Clamp(r / 10, 1, 1000) : 1000),
            DriftPlanText = plan,
            Format = request.Format?.Trim().ToLowerInvariant() ?? "jsonl",
            SequenceColumn = request.SequenceColumn,
            ConceptColumn = request.ConceptColumn,
            Limit = request.Limit,
            RollRecords = request.RollRecords ?? 1_000_000,
            RollSeconds = request.RollSeconds ?? 60,
            Name = request.Name,
            Owner = caller.UserId,
            Sinks = sinks,
            StartAt = request.StartAt,
            StopAt = request.StopAt,
            RequiredTags = request.RequiredTags,
        };
        var id = StreamIds.New();
        try
        {
            var stream = await grains.GetGrain<IStreamerGrain>(id).StartAsync(spec);
            return TypedResults.Created($"/streams/{id}", Shown(stream));
        }
        catch (ArgumentException e)
        {
            // The grain compiled the definition: "schemaText.x: …", "driftPlan.events[0].at: …".
            return ApiProblems.FromFieldProblems(e.Message, StatusCodes.Status422UnprocessableEntity, StreamsApi.UnusableDefinition);
        }
    }

    private static async Task<Ok<List<StreamInfo>>> ListAsync(IGrainFactory grains, HttpContext context)
    {
        var caller = Caller.Of(context);
        var ids = await StreamIndex.ListOwnedAsync(grains, caller.ListingOwner);
        var streams = await Task.WhenAll(ids.Select(id => grains.GetGrain<IStreamerGrain>(id).GetAsync()));
        return TypedResults.Ok(streams.OfType<StreamInfo>().Where(s => caller.CanSee(s.Spec.Owner)).OrderBy(s => s.CreatedAt).Select(Shown).ToList());
    }

    private static async Task<Results<Ok<StreamInfo>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        if (!StreamIds.IsValid(id)) return BadId(id);
        return await VisibleAsync(grains, id, context) is { } stream ? TypedResults.Ok(Shown(stream)) : NoSuchStream(id);
    }

    private static async Task<Results<Ok<StreamInfo>, ProblemHttpResult>> CommandAsync(string id, IGrainFactory grains, HttpContext context, Func<IStreamerGrain, Task<StreamInfo>> command)
    {
        if (!StreamIds.IsValid(id)) return BadId(id);
        if (await VisibleAsync(grains, id, context) is null) return NoSuchStream(id);
        // The grain answers 409 (a command its state forbids) through the exception handler.
        return TypedResults.Ok(Shown(await command(grains.GetGrain<IStreamerGrain>(id))));
    }

    /// <summary>The stream, when it exists and the caller may see it (its owner, or an admin); else null, so both answer 404 alike.</summary>
    internal static async Task<StreamInfo?> VisibleAsync(IGrainFactory grains, string id, HttpContext context) =>
        await grains.GetGrain<IStreamerGrain>(id).GetAsync() is { } stream && Caller.Of(context).CanSee(stream.Spec.Owner) ? stream : null;

    internal static ProblemHttpResult NoSuchStream(string id) => ApiProblems.NotFound($"no stream has id {id}");

    private static async Task<Results<Ok<StreamInfo>, ProblemHttpResult>> UpdateAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!StreamIds.IsValid(id)) return BadId(id);
        var (request, problem) = await JsonBody.ReadAsync<UpdateStreamRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        if (request!.Rate is null && request.DriftPlan is null && request.Sinks is null) errors.Add("rate", "nothing to change: give rate (records per second, or \"max\"), driftPlan and/or sinks");
        var update = new StreamUpdate
        {
            ChangesRate = request.Rate is not null,
            Rate = ReadRate(request.Rate, errors, defaultRate: null),
            DriftPlanText = request.DriftPlan is null ? null : ReadPlan(request.DriftPlan, errors) ?? "",
            Sinks = request.Sinks is null ? null : ReadSinks(request.Sinks, errors),
        };
        if (errors.Any) return ApiProblems.Invalid(errors);
        if (await VisibleAsync(grains, id, context) is null) return NoSuchStream(id);
        try
        {
            return TypedResults.Ok(Shown(await grains.GetGrain<IStreamerGrain>(id).UpdateAsync(update)));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message, StatusCodes.Status422UnprocessableEntity, StreamsApi.UnusableDefinition);
        }
    }

    /// <summary>The stream as the API shows it: the sinks' secrets hidden.</summary>
    internal static StreamInfo Shown(StreamInfo stream) =>
        stream with { Spec = stream.Spec with { Sinks = stream.Spec.Sinks?.Select(s => s.Redacted()).ToList() } };

    /// <summary>A drift plan: an object (JSON), or a string (JSON or YAML text); null when none is given.</summary>
    internal static string? ReadPlan(JsonElement? plan, ValidationErrors errors) => plan switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Object } json => json.GetRawText(),
        _ => Invalid(errors, "driftPlan", "must be an object (the plan) or a string (JSON or YAML text)"),
    };

    private static List<SinkSpec>? ReadSinks(IReadOnlyList<SinkRequest?>? sinks, ValidationErrors errors)
    {
        if (sinks is null) return null;
        if (sinks.Count == 0)
        {
            errors.Add("sinks", "must name at least one sink (leave it out for rolling files)");
            return null;
        }
        var specs = new List<SinkSpec>();
        for (var i = 0; i < sinks.Count; i++)
        {
            if (sinks[i] is not { } sink)
            {
                errors.Add($"sinks[{i}]", "must be an object with a kind");
                continue;
            }
            specs.Add(new SinkSpec
            {
                Kind = sink.Kind?.Trim().ToLowerInvariant() ?? "",
                Name = sink.Name,
                Url = sink.Url,
                Secret = sink.Secret,
                Format = sink.Format?.Trim().ToLowerInvariant(),
                Connection = sink.Connection,
                Exchange = sink.Exchange,
                RoutingKey = sink.RoutingKey,
                Table = sink.Table,
                Topic = sink.Topic,
                KeyField = sink.KeyField,
            });
        }
        return specs;
    }

    /// <summary>A rate: a positive number of records per second, or "max" (null).</summary>
    private static double? ReadRate(JsonElement? rate, ValidationErrors errors, double? defaultRate)
    {
        switch (rate)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return defaultRate;
            case { ValueKind: JsonValueKind.String } text when text.GetString() == "max":
                return null;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out var value) && value > 0 && double.IsFinite(value):
                return value;
            default:
                errors.Add("rate", $"must be a positive number of records per second or \"max\"; got {rate.Value.GetRawText()[..Math.Min(40, rate.Value.GetRawText().Length)]}");
                return null;
        }
    }

    private static string? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    internal static ProblemHttpResult BadId(string id) => ApiProblems.Invalid("id", $"'{id}' is not a stream id ('s' and 20 lowercase hex digits)");
}
