using Synth.Grains.Streams;

namespace Synth.Grains.Tests.Streams;

/// <summary>A stream's lateness figure speaks of the last minute: what happened earlier (its start, a pause long ago) no longer counts.</summary>
public sealed class LatencyWindowTests
{
    private sealed class Clock : TimeProvider
    {
        public long Now { get; set; } = 1_000_000;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Now;
    }

    [Fact]
    public void The_p99_is_of_the_values_of_the_last_minute()
    {
        var clock = new Clock();
        var window = new LatencyWindow(clock);
        window.Add(500); // a late first batch, at the start
        clock.Now += 30_000;
        for (var i = 1; i <= 100; i++) window.Add(i);

        window.Percentile(0.99).Should().Be(100, "the start is still within the minute");
        clock.Now += 31_000;
        window.Percentile(0.99).Should().Be(99, "the start is more than a minute ago: of 1..100, the 99th value");
        clock.Now += 30_000;
        window.Percentile(0.99).Should().BeNull("nothing in the last minute");
    }

    [Fact]
    public void At_most_the_last_1024_values_count()
    {
        var window = new LatencyWindow(new Clock());
        window.Add(10_000);
        for (var i = 0; i < 1024; i++) window.Add(1);

        window.Percentile(1).Should().Be(1);
    }
}
