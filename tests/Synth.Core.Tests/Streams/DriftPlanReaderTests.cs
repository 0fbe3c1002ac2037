using Synth.Core.Schema;
using Synth.Core.Streams;

namespace Synth.Core.Tests.Streams;

public sealed class DriftPlanReaderTests
{
    [Fact]
    public void Every_kind_of_event_reads_with_its_positions()
    {
        var plan = DriftPlanReader.Read("""
            events:
              - {kind: sudden, at: {records: 100}, fields: {x: {mean: 1}}}
              - {kind: gradual, at: {seconds: 60}, window: {seconds: 10}, fields: {x: {mean: 2}}}
              - {kind: incremental, at: 5000, window: 1000, fields: {x: {std: 3}}}
              - {kind: recurring, at: 9000, concept: 1, period: 1000, duration: 100}
              - {kind: label, at: 20000, field: y, set: {expression: "x < 0"}}
            """, "plan.yaml");

        plan.Events.Select(e => e.Kind).Should().Equal(DriftKind.Sudden, DriftKind.Gradual, DriftKind.Incremental, DriftKind.Recurring, DriftKind.Label);
        plan.Events[1].At.Should().Be(StreamPosition.Seconds(60));
        plan.Events[2].Window.Should().Be(StreamPosition.Records(1000));
        plan.Events[4].Fields.Should().ContainKey("y");
        plan.UsesSeconds.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"events": [{"kind": "sideways", "at": 1}]}""", "$.events[0].kind", "unknown kind 'sideways'")]
    [InlineData("""{"events": [{"kind": "gradual", "at": 1, "fields": {"x": {"mean": 1}}}]}""", "$.events[0].window", "is required")]
    [InlineData("""{"events": [{"kind": "sudden", "fields": {"x": {"mean": 1}}}]}""", "$.events[0].at", "is required")]
    [InlineData("""{"events": [{"kind": "sudden", "at": -5, "fields": {"x": {"mean": 1}}}]}""", "$.events[0].at", ">= 0")]
    [InlineData("""{"events": [{"kind": "sudden", "at": 2.5, "fields": {"x": {"mean": 1}}}]}""", "$.events[0].at", "whole")]
    [InlineData("""{"events": [{"kind": "recurring", "at": 1, "concept": 0, "period": 10, "duration": 10}]}""", "$.events[0].duration", "shorter than the period")]
    [InlineData("""{"events": [{"kind": "recurring", "at": 1, "concept": 3, "period": 10, "duration": 1}]}""", "$.events[0].concept", "")]
    [InlineData("""{"events": [{"kind": "label", "at": 1, "set": {"expression": "1"}}]}""", "$.events[0].field", "is required")]
    [InlineData("""{"events": [{"kind": "sudden", "at": 1, "fields": {"x": {"mean": 1}}, "windw": 3}]}""", "$.events[0].windw", "did you mean 'window'")]
    [InlineData("""{"simple": {"interval": 0, "magnitude": 1}}""", "$.simple.interval", "positive")]
    [InlineData("""[1, 2]""", "$", "is an object")]
    public void A_bad_plan_is_refused_naming_the_place(string text, string path, string message)
    {
        var read = () => DriftPlanReader.Read(text);

        read.Should().Throw<SchemaException>().Which.Errors.Should().Contain(e => e.Path == path && e.Message.Contains(message));
    }
}
