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

    [Fact]
    public void A_slow_stream_keeps_a_minute_of_values_and_drops_older_ones_as_new_come()
    {
        var clock = new Clock();
        var window = new LatencyWindow(clock);
        // A batch a second for two minutes: 7 ms for the first minute, then 3 ms.
        for (var second = 0; second < 120; second++)
        {
            window.Add(second < 60 ? 7 : 3);
            clock.Now += 1000;
        }

        window.Percentile(1).Should().Be(3, "the 7s are more than a minute old");
        clock.Now -= 61_000;
        window.Percentile(0.5).Should().Be(3, "values of the minute before that were written over as new ones came, not kept");
    }
}
