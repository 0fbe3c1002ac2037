using System.Text;
using Synth.Core.Formats.Text;

namespace Synth.Core.Tests.Formats.Text;

public class CivilDateCacheTests
{
    [Fact]
    public void Cached_dates_read_exactly_as_computed_ones_whether_a_slot_holds_the_day_or_another()
    {
        var cache = new CivilDateCache();
        var random = new Random(5);
        var cached = new byte[16];
        var computed = new byte[16];
        for (var i = 0; i < 100_000; i++)
        {
            // Mostly a few years of days (hits), some days one slot-count apart (the same slot), some
            // far outside four-digit years (never cached).
            long days = (i % 10) switch
            {
                < 7 => random.Next(18_000, 19_500),
                < 9 => random.Next(18_000, 18_010) + 4096L * random.Next(-3, 4),
                _ => random.NextInt64(-5_000_000, 5_000_000),
            };
            var expected = Utf8ValueWriter.WriteCivilDate(days, computed);
            var length = cache.Write(days, cached);
            Encoding.ASCII.GetString(cached, 0, length).Should().Be(Encoding.ASCII.GetString(computed, 0, expected), "day {0}", days);
        }
    }
}
