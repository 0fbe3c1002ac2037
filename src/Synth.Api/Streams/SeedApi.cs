using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Synth.Api.Access;
using Synth.Api.Problems;
using Synth.Api.Quotas;
using Synth.Grains.Streams;

namespace Synth.Api.Streams;

/// <summary>
/// The seed's streaming endpoints, kept for its users: named generators (a schema with its seed and
/// drift) and named streamers (a stream of a generator), started and stopped together, with the
/// seed's settings (<c>/config</c>: a batch every so many seconds, simple drift). Each streamer is a
/// stream of <c>/streams</c> underneath (its <c>stream</c> field), so everything else (sinks, SSE,
/// PATCH) works on it too. Names are unique in the cluster; another user's answers 404.
/// </summary>
public static class SeedApi
{
    private const int MaxName = 64;

    public static IEndpointRouteBuilder MapSeedApi(this IEndpointRouteBuilder app)
    {
        var generators = app.MapGroup("/generators").WithTags("Seed streaming");
        generators.MapPost("/", PutGeneratorAsync).Accepts<GeneratorRequest>("application/json")
            .WithSummary("Add (or replace) a named generator: a schema with its seed and drift").WithProblems(400, 409, 415, 422);
        generators.MapGet("/", ListGeneratorsAsync).WithSummary("The caller's generators");
        generators.MapDelete("/{name}", DeleteGeneratorAsync).WithSummary("Forget a generator (not while a streamer uses it)").WithProblems(404, 409);

        var streamers = app.MapGroup("/streamers").WithTags("Seed streaming");
        streamers.MapPost("/", CreateStreamerAsync).Accepts<StreamerRequest>("application/json")
            .WithSummary("Start a named streamer of a generator (a stream underneath)").WithProblems(400, 404, 409, 415, 422, 429);
        streamers.MapGet("/", ListStreamersAsync).WithSummary("The caller's streamers with their streams");
        streamers.MapDelete("/{name}", DeleteStreamerAsync).WithSummary("Stop a streamer's stream and forget the streamer").WithProblems(404);

        app.MapPost("/start", (IGrainFactory grains, HttpContext context) => AllAsync(grains, context, s => s.Status == StreamStatus.Paused, g => g.ResumeAsync()))
            .WithTags("Seed streaming").WithSummary("Resume every paused streamer of the caller");
        app.MapPost("/stop", (IGrainFactory grains, HttpContext context) => AllAsync(grains, context, s => s.Status is StreamStatus.Running or StreamStatus.Degraded, g => g.PauseAsync()))
            .WithTags("Seed streaming").WithSummary("Pause every running streamer of the caller (POST /start resumes them)");
        app.MapPost("/config", ConfigAsync).Accepts<SeedConfigRequest>("application/json")
            .WithTags("Seed streaming").WithSummary("The caller's settings for new streamers (batch size, frequency, simple drift); the rate also applies to running ones at once")
            .WithProblems(400, 415);
        return app;
    }

    private static ISeedCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ISeedCatalogGrain>(ISeedCatalogGrain.Key);

    private static string OwnerKey(Caller caller) => caller.UserId ?? "";

    private static bool Sees(Caller caller, string owner) => caller.CanSee(owner.Length == 0 ? null : owner);

    private static async Task<Results<Created<SeedGenerator>, ProblemHttpResult>> PutGeneratorAsync(HttpContext context, IGrainFactory grains, IOptions<SynthApiOptions> options)
    {
        var (request, problem) = await JsonBody.ReadAsync<GeneratorRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        CheckName(request!.Name, errors);
        var schemaText = request.SchemaText ?? (request.Schema is { ValueKind: JsonValueKind.Object } schema ? schema.GetRawText() : null);
        if (schemaText is null) errors.Add("schema", "is required: the schema as an object (or schemaText: JSON or YAML text)");
        var plan = StreamsApi.ReadPlan(request.DriftPlan, errors);
        if (errors.Any) return ApiProblems.Invalid(errors);
        var caller = Caller.Of(context);
        var generator = new SeedGenerator(request.Name!, OwnerKey(caller), schemaText!, request.Seed ?? options.Value.DefaultSeed, plan,
            request.Format?.Trim().ToLowerInvariant() ?? "jsonl", request.SequenceColumn, request.ConceptColumn);
        try
        {
            // Checked as a stream would be, so that a streamer of it always starts.
            StreamDefinition.Compile(Spec(generator, new SeedConfig(), null, null, null));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message.Replace("schemaText", "schema", StringComparison.Ordinal), StatusCodes.Status422UnprocessableEntity, StreamsApi.UnusableDefinition);
        }
        await Catalog(grains).PutGeneratorAsync(generator);
        return TypedResults.Created($"/generators/{Uri.EscapeDataString(generator.Name)}", generator);
    }

    private static async Task<Ok<List<SeedGenerator>>> ListGeneratorsAsync(IGrainFactory grains, HttpContext context)
    {
        var caller = Caller.Of(context);
        return TypedResults.Ok((await Catalog(grains).GeneratorsAsync()).Where(g => Sees(caller, g.Owner)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteGeneratorAsync(string name, IGrainFactory grains, HttpContext context)
    {
        var caller = Caller.Of(context);
        if ((await Catalog(grains).GeneratorsAsync()).FirstOrDefault(g => g.Name == name && Sees(caller, g.Owner)) is null) return ApiProblems.NotFound($"no generator is named '{name}'");
        await Catalog(grains).RemoveGeneratorAsync(name);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<StreamerView>, ProblemHttpResult>> CreateStreamerAsync(HttpContext context, IGrainFactory grains, QuotaGuard quotas)
    {
        var (request, problem) = await JsonBody.ReadAsync<StreamerRequest>(context);
        if (problem is not null) return problem;
        var errors = new ValidationErrors();
        CheckName(request!.Name, errors);
        if (string.IsNullOrWhiteSpace(request.Generator)) errors.Add("generator", "is required: the name of a generator (POST /generators)");
        if (request.Rate is { } rate && !(rate > 0 && double.IsFinite(rate))) errors.Add("rate", "must be a positive number of records per second");
        if (request.Limit is < 1) errors.Add("limit", "must be at least 1");
        if (errors.Any) return ApiProblems.Invalid(errors);
        var caller = Caller.Of(context);
        var catalog = Catalog(grains);
        if ((await catalog.GeneratorsAsync()).FirstOrDefault(g => g.Name == request.Generator && Sees(caller, g.Owner)) is not { } generator)
        {
            return ApiProblems.Invalid("generator", $"no generator is named '{request.Generator}'", StatusCodes.Status404NotFound);
        }
        if ((await catalog.StreamersAsync()).Any(s => s.Name == request.Name)) return ApiProblems.Conflict($"the streamer name '{request.Name}' is taken");
        await using var turn = await quotas.TakeTurnAsync(caller);
        if (await quotas.CheckStreamAsync(context, caller) is { } refused) return refused;

        var config = await catalog.ConfigAsync(OwnerKey(caller));
        var id = StreamIds.New();
        var spec = Spec(generator, config, request.Rate, request.Limit, caller.UserId);
        StreamInfo stream;
        try
        {
            stream = await grains.GetGrain<IStreamerGrain>(id).StartAsync(spec);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.FromFieldProblems(e.Message, StatusCodes.Status422UnprocessableEntity, StreamsApi.UnusableDefinition);
        }
        try
        {
            await catalog.AddStreamerAsync(new SeedStreamer(request.Name!, OwnerKey(caller), generator.Name, id));
        }
        catch (StreamConflictException)
        {
            // Another request took the name in between: this stream is not kept.
            await grains.GetGrain<IStreamerGrain>(id).StopAsync();
            throw;
        }
        return TypedResults.Created($"/streamers/{Uri.EscapeDataString(request.Name!)}", new StreamerView(request.Name!, generator.Name, StreamsApi.Shown(stream)));
    }

    private static async Task<Ok<List<StreamerView>>> ListStreamersAsync(IGrainFactory grains, HttpContext context) =>
        TypedResults.Ok(await ViewsAsync(grains, Caller.Of(context)));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStreamerAsync(string name, IGrainFactory grains, HttpContext context)
    {
        var caller = Caller.Of(context);
        if ((await Catalog(grains).StreamersAsync()).FirstOrDefault(s => s.Name == name && Sees(caller, s.Owner)) is not { } streamer) return ApiProblems.NotFound($"no streamer is named '{name}'");
        await grains.GetGrain<IStreamerGrain>(streamer.StreamId).StopAsync();
        await Catalog(grains).RemoveStreamerAsync(name);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<StreamerView>>> AllAsync(IGrainFactory grains, HttpContext context, Func<StreamInfo, bool> applies, Func<IStreamerGrain, Task<StreamInfo>> command)
    {
        // Each command answers with the stream as it left it: no second round of calls for the answer.
        var views = await ViewsAsync(grains, Caller.Of(context));
        for (var i = 0; i < views.Count; i++)
        {
            if (views[i].Stream is { } stream && applies(stream)) views[i] = views[i] with { Stream = StreamsApi.Shown(await command(grains.GetGrain<IStreamerGrain>(stream.Id))) };
        }
        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<SeedConfig>, ProblemHttpResult>> ConfigAsync(HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await JsonBody.ReadAsync<SeedConfigRequest>(context);
        if (problem is not null) return problem;
        var caller = Caller.Of(context);
        var catalog = Catalog(grains);
        var old = await catalog.ConfigAsync(OwnerKey(caller));
        var config = new SeedConfig(
            request!.Frequency ?? old.Frequency,
            request.BatchSize ?? old.BatchSize,
            request.Drift?.Enabled ?? old.DriftEnabled,
            request.Drift?.Interval ?? old.DriftInterval,
            request.Drift?.Magnitude ?? old.DriftMagnitude);
        var errors = new ValidationErrors();
        if (!(config.Frequency > 0 && double.IsFinite(config.Frequency))) errors.Add("frequency", "must be a positive number of seconds");
        if (config.BatchSize < 1) errors.Add("batchSize", "must be at least 1");
        if (!(config.DriftInterval > 0 && double.IsFinite(config.DriftInterval))) errors.Add("drift.interval", "must be a positive number of seconds");
        if (!double.IsFinite(config.DriftMagnitude)) errors.Add("drift.magnitude", "must be a number");
        if (errors.Any) return ApiProblems.Invalid(errors);
        await catalog.SetConfigAsync(OwnerKey(caller), config);
        // The seed changed its running streamers' pace at once: so does this (drift applies to new streamers).
        if (request.Frequency is not null || request.BatchSize is not null)
        {
            foreach (var view in await ViewsAsync(grains, caller))
            {
                if (view.Stream is { Status: not StreamStatus.Stopped } stream) await grains.GetGrain<IStreamerGrain>(stream.Id).UpdateAsync(new StreamUpdate { ChangesRate = true, Rate = config.Rate });
            }
        }
        return TypedResults.Ok(config);
    }

    private static async Task<List<StreamerView>> ViewsAsync(IGrainFactory grains, Caller caller)
    {
        var mine = (await Catalog(grains).StreamersAsync()).Where(s => Sees(caller, s.Owner)).ToList();
        var streams = await Task.WhenAll(mine.Select(s => grains.GetGrain<IStreamerGrain>(s.StreamId).GetAsync()));
        return [.. mine.Zip(streams, (s, info) => new StreamerView(s.Name, s.Generator, info is null ? null : StreamsApi.Shown(info)))];
    }

    /// <summary>A generator's stream: the rate from the request or the config, and the config's simple drift when the generator has no plan of its own.</summary>
    private static StreamSpec Spec(SeedGenerator generator, SeedConfig config, double? rate, long? limit, string? owner)
    {
        var plan = generator.DriftPlanText;
        if (plan is null && config.DriftEnabled)
        {
            plan = new JsonObject
            {
                ["simple"] = new JsonObject { ["interval"] = new JsonObject { ["seconds"] = config.DriftInterval }, ["magnitude"] = config.DriftMagnitude },
            }.ToJsonString();
        }
        var pace = rate ?? config.Rate;
        return new StreamSpec
        {
            SchemaText = generator.SchemaText,
            Seed = generator.Seed,
            Rate = pace,
            BatchSize = rate is null ? config.BatchSize : (int)Math.Clamp(pace / 10, 1, 1000),
            DriftPlanText = plan,
            Format = generator.Format,
            SequenceColumn = generator.SequenceColumn,
            ConceptColumn = generator.ConceptColumn,
            Limit = limit,
            Name = generator.Name,
            Owner = owner,
        };
    }

    private static void CheckName(string? name, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(name)) errors.Add("name", "is required");
        else if (name.Length > MaxName || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) errors.Add("name", $"must be 1 to {MaxName} letters, digits, '-', '_' or '.'");
    }
}

/// <summary>Body of <c>POST /generators</c>.</summary>
/// <param name="Schema">The schema as an object; or <paramref name="SchemaText"/> as JSON or YAML text.</param>
public sealed record GeneratorRequest(string? Name, JsonElement? Schema, string? SchemaText, ulong? Seed, JsonElement? DriftPlan, string? Format, string? SequenceColumn, string? ConceptColumn);

/// <summary>Body of <c>POST /streamers</c>: the rate defaults to the config's batch size / frequency.</summary>
public sealed record StreamerRequest(string? Name, string? Generator, double? Rate, long? Limit);

/// <summary>Body of <c>POST /config</c>; what is not given stays as it was.</summary>
public sealed record SeedConfigRequest(double? Frequency, int? BatchSize, SeedDriftRequest? Drift);

public sealed record SeedDriftRequest(bool? Enabled, double? Interval, double? Magnitude);

/// <summary>A streamer as the API shows it: its name, its generator and its stream (null if it is gone).</summary>
public sealed record StreamerView(string Name, string Generator, StreamInfo? Stream);
