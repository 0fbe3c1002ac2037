using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Core.Tests.Streams;

/// <summary>A stream's records are a pure function of (schema, seed, drift plan, sequence number).</summary>
public sealed class StreamRecordsTests
{
    private const string Seed = """
        {"id": {"type": "int", "min": 1, "max": 1000000}, "name": {"type": "name"},
         "income": {"type": "float", "mean": 50000, "std": 20000, "min": 0, "decimals": 2},
         "status": {"type": "category", "categories": ["active", "inactive"], "probabilities": [0.7, 0.3]}}
        """;

    private const string Plan = """
        {"events": [{"kind": "gradual", "at": 3000, "window": 400, "fields": {"status": {"probabilities": [0.2, 0.8]}}},
                    {"kind": "incremental", "at": 6000, "window": 2000, "fields": {"income": {"mean": 90000}}},
                    {"kind": "recurring", "at": 9000, "concept": 0, "period": 500, "duration": 100}]}
        """;

    [Fact]
    public void The_same_records_come_out_whatever_the_batches()
    {
        var whole = StreamSample.Csv(StreamSample.Concepts(Seed, Plan), 0, 12_000, header: false);
        var concepts = StreamSample.Concepts(Seed, Plan);
        var pieces = new System.Text.StringBuilder();
        var random = new Random(3);
        for (long first = 0; first < 12_000;)
        {
            var count = (int)Math.Min(12_000 - first, random.Next(1, 1500));
            pieces.Append(StreamSample.Csv(concepts, first, count, header: false));
            first += count;
        }

        pieces.ToString().Should().Be(whole);
    }

    [Fact]
    public void A_record_resumed_from_any_sequence_number_is_the_record_of_an_uninterrupted_run()
    {
        var uninterrupted = StreamSample.Records(StreamSample.Concepts(Seed, Plan), 0, 10_000);
        var resumed = StreamSample.Records(StreamSample.Concepts(Seed, Plan), 6_500, 100);

        resumed.Should().BeEquivalentTo(uninterrupted.Skip(6_500).Take(100), o => o.WithStrictOrdering());
        resumed.Select(r => r["_seq"]).Should().Equal(Enumerable.Range(6_500, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Another_seed_gives_other_records()
    {
        StreamSample.Csv(StreamSample.Concepts(Seed, Plan, seed: 1), 0, 100).Should().NotBe(StreamSample.Csv(StreamSample.Concepts(Seed, Plan, seed: 2), 0, 100));
    }

    [Fact]
    public void Without_opt_in_columns_the_records_have_the_schemas_columns_only()
    {
        var concepts = StreamConcepts.Compile(SchemaText.Parse(Seed), DriftPlan.None, 7);

        StreamSample.Csv(concepts, 0, 1).Split('\n')[0].Should().Be("id,name,income,status");
    }

    [Theory]
    [InlineData("""{"events": [{"kind": "sudden", "at": 10, "fields": {"incme": {"mean": 1}}}]}""", "$.events[0].fields.incme", "no field 'incme'")]
    [InlineData("""{"events": [{"kind": "sudden", "at": 10, "fields": {"income": {"std": -1}}}]}""", "$.events[0]", "not valid")]
    [InlineData("""{"events": [{"kind": "gradual", "at": 1000, "window": 100, "fields": {"income": {"mean": 1}}}, {"kind": "sudden", "at": 1100, "fields": {"income": {"mean": 2}}}]}""", "$.events[1].at", "inside the previous change")]
    [InlineData("""{"events": [{"kind": "incremental", "at": 10, "window": 100, "fields": {"status": {"categories": ["a", "b"]}}}]}""", "$.events[0].fields.status.categories", "moves numbers")]
    [InlineData("""{"events": [{"kind": "sudden", "at": {"seconds": 10}, "fields": {"income": {"mean": 1}}}]}""", "$.rate", "needs a rate")]
    [InlineData("""{"events": [{"kind": "sudden", "at": 10, "fields": {"id": {"type": "float"}}}]}""", "$.events[0]", "not the columns")]
    public void A_plan_that_does_not_fit_the_schema_is_refused_naming_the_event(string plan, string path, string message)
    {
        var compile = () => StreamConcepts.Compile(SchemaText.Parse(Seed), DriftPlanReader.Read(plan), 7, rate: null);

        compile.Should().Throw<SchemaException>().Which.Errors.Should().Contain(e => e.Path == path && e.Message.Contains(message));
    }

    [Fact]
    public void An_opt_in_column_named_like_a_field_is_refused()
    {
        var compile = () => StreamConcepts.Compile(SchemaText.Parse(Seed), DriftPlan.None, 7, columns: new StreamColumns(Sequence: "id"));

        compile.Should().Throw<SchemaException>().Which.Errors.Should().ContainSingle(e => e.Path == "$.id");
    }
}
